import {
  listNotificationsQuery,
  markNotificationsReadBody,
  markNotificationsReadResult,
  notificationPage,
  notificationPreferencesSchema,
  updateNotificationPreferencesBody,
} from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { defineRoute } from "../../platform/http/route";
import { getPreferences, updatePreferences } from "./preferences";
import { listNotifications, markNotificationsRead } from "./queries";

export function notificationRoutes(ctx: AppContext) {
  const tags = ["notifications"];
  return [
    defineRoute({
      method: "get",
      path: "/api/notifications",
      guard: "agent",
      summary: "My notifications, unread first, with the unread count",
      tags,
      query: listNotificationsQuery,
      response: notificationPage,
      handler: ({ query, user }) => listNotifications(ctx.db, user.id, query),
    }),
    defineRoute({
      method: "post",
      path: "/api/notifications/read",
      guard: "agent",
      summary: "Mark some of my notifications read (ids), or all of them",
      tags,
      body: markNotificationsReadBody,
      response: markNotificationsReadResult,
      handler: ({ body, user }) => markNotificationsRead(ctx.db, user.id, body),
    }),
    defineRoute({
      method: "get",
      path: "/api/me/notification-preferences",
      guard: "agent",
      summary: "My notification preferences",
      tags,
      response: notificationPreferencesSchema,
      handler: ({ user }) => getPreferences(ctx.db, user.id),
    }),
    defineRoute({
      method: "put",
      path: "/api/me/notification-preferences",
      guard: "agent",
      summary: "Change my notification preferences (the fields given)",
      tags,
      body: updateNotificationPreferencesBody,
      response: notificationPreferencesSchema,
      handler: ({ body, user }) => updatePreferences(ctx.db, user.id, body),
    }),
  ];
}
