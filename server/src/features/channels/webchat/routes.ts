import crypto from "node:crypto";
import {
  attachmentSchema,
  idParams,
  visitorContextBody,
  visitorContextSchema,
  type WebchatSettings,
  widgetAvailabilitySchema,
  widgetConversationSchema,
  widgetFeedbackBody,
  widgetMessageSchema,
  widgetSendBody,
  widgetSessionBody,
  widgetSessionResult,
} from "@switchboard/contracts";
import type { Request } from "express";
import { z } from "zod";
import type { VisitorIdentity } from "../../../platform/auth/visitor-token";
import type { AppContext } from "../../../platform/context";
import { AppError, notFound } from "../../../platform/errors";
import { defineRoute } from "../../../platform/http/route";
import { anyAgentOnline } from "../../agents";
import {
  announceContact,
  ensureVisitorContact,
  fillContactProfile,
  getMessage,
  getVisitorContact,
  ingestInbound,
  isVisitorConversation,
  listMessages,
  listVisitorConversations,
  markRead,
  storeUpload,
  upsertContactIdentity,
} from "../../inbox";
import { findChannel, openSecrets } from "../queries";
import { originAllowed, verifyUserHash, webchatAdapter } from "./adapter";
import { widgetAvailability } from "./availability";
import { getVisitorContext, recordVisitorContext } from "./visitor-context";
import { toWidgetMessage } from "./widget-message";

/**
 * The website channel of a request, checked: exists, enabled, webchat, and the page's origin allowed.
 * Every widget route calls it, reads included: a leaked token must not work from a foreign page.
 */
export async function channelFor(ctx: AppContext, channelId: string, req: Pick<Request, "headers">) {
  const row = await findChannel(ctx.db, channelId);
  if (!row || row.type !== "webchat" || !row.enabled) throw notFound("Channel");
  const settings = webchatAdapter.settingsSchema.parse(row.settings) as WebchatSettings;
  if (!originAllowed(settings, req.headers.origin)) {
    throw new AppError("origin_not_allowed", `This chat is not enabled on ${req.headers.origin ?? "this site"}`);
  }
  return { row, settings };
}

async function ownConversation(ctx: AppContext, v: VisitorIdentity, id: string) {
  // Someone else's conversation is "not found", so ids cannot be probed.
  if (!(await isVisitorConversation(ctx.db, v, id))) throw notFound("Conversation");
}

export function widgetRoutes(ctx: AppContext) {
  const tags = ["widget"];
  return [
    defineRoute({
      method: "post",
      path: "/api/widget/:channelId/session",
      guard: "public",
      crossOrigin: true,
      summary: "Start or resume a visitor session; returns a visitor token",
      tags,
      params: z.object({ channelId: z.uuid() }),
      body: widgetSessionBody,
      response: widgetSessionResult,
      handler: async ({ params, body, req }) => {
        const { row, settings } = await channelFor(ctx, params.channelId, req);
        const profile = { name: body.name, email: body.email };
        const prior = await ctx.auth.resolveVisitor(ctx.visitorTokens.verify(body.visitorToken));
        // A pre-chat form (name or email) makes a contact now; a bare page view does not.
        const submitted = Boolean(body.name || body.email);
        let who: { contactId: string; identityId: string; pending?: boolean };
        if (body.userId) {
          const opened = openSecrets(ctx.secrets, row);
          // Never verify against an empty key: anyone could sign user ids with it.
          if (opened.unreadable)
            throw new AppError(
              "channel_unavailable",
              "This chat's identity secret is unreadable after a key change; an admin must rotate it",
            );
          const secret = opened.secrets.identitySecret ?? "";
          if (
            (settings.requireIdentityVerification || body.userHash) &&
            !verifyUserHash(secret, body.userId, body.userHash)
          ) {
            throw new AppError("identity_verification_failed", "The user hash does not match this user id");
          }
          // A verified user is the same contact on every device.
          const user = await upsertContactIdentity(ctx.db, {
            channelId: row.id,
            externalId: `user:${body.userId}`,
            profile,
          });
          if (user.created) await announceContact(ctx, user.contactId, "created");
          who = user;
        } else if (prior && prior.channelId === row.id) {
          if (prior.pending && submitted) {
            if (await ensureVisitorContact(ctx.db, prior, profile))
              await announceContact(ctx, prior.contactId, "created");
            who = { contactId: prior.contactId, identityId: prior.identityId };
          } else {
            who = prior;
            if (!prior.pending) await fillContactProfile(ctx.db, prior.contactId, profile);
          }
        } else if (!submitted) {
          who = { contactId: crypto.randomUUID(), identityId: crypto.randomUUID(), pending: true };
        } else {
          const fresh = await upsertContactIdentity(ctx.db, {
            channelId: row.id,
            externalId: `visitor:${crypto.randomUUID()}`,
            profile,
          });
          await announceContact(ctx, fresh.contactId, "created");
          who = fresh;
        }
        const visitor: VisitorIdentity = {
          channelId: row.id,
          contactId: who.contactId,
          identityId: who.identityId,
          ...(who.pending ? { pending: true } : {}),
        };
        const found = who.pending ? null : await getVisitorContact(ctx.db, who.contactId);
        if (!found && !who.pending)
          throw new AppError("unauthenticated", "This visitor no longer exists; start a new session");
        const contact = found ?? { id: who.contactId, name: null, email: null };
        // A visitor with no contact yet (a bare page view) is not stored: the widget sends the page
        // again once they write (POST /api/widget/context).
        if (body.context && found)
          await recordVisitorContext(ctx.db, {
            contactId: found.id,
            channelId: row.id,
            body: body.context,
            userAgent: req.headers["user-agent"],
          });
        const [online, availability] = await Promise.all([anyAgentOnline(ctx.db), widgetAvailability(ctx.db, row.id)]);
        return {
          visitorToken: ctx.visitorTokens.sign(visitor),
          visitor: { id: contact.id, name: contact.name, email: contact.email },
          channel: {
            id: row.id,
            name: row.name,
            color: settings.color,
            welcomeMessage: settings.welcomeMessage,
            agentsOnline: online,
            availability,
          },
        };
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/widget/:channelId/availability",
      guard: "public",
      crossOrigin: true,
      summary: "Whether the team is online, and how soon visitors are typically answered",
      tags,
      params: z.object({ channelId: z.uuid() }),
      response: widgetAvailabilitySchema,
      handler: async ({ params, req }) => {
        const { row } = await channelFor(ctx, params.channelId, req);
        return widgetAvailability(ctx.db, row.id);
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/widget/context",
      guard: "visitor",
      summary: "The page and browser the visitor is on (sent at start and as they navigate)",
      tags,
      body: visitorContextBody,
      status: 204,
      handler: async ({ visitor, body, req }) => {
        await channelFor(ctx, visitor.channelId, req);
        // Before their first message a visitor has no contact: nothing to attach the page to yet.
        const contact = await getVisitorContact(ctx.db, visitor.contactId);
        if (!contact) return;
        await recordVisitorContext(ctx.db, {
          contactId: contact.id,
          channelId: visitor.channelId,
          body,
          userAgent: req.headers["user-agent"],
        });
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/contacts/:id/visitor",
      guard: "agent",
      summary: "What the website widget last reported about this visitor (page, browser, device, time zone)",
      tags: ["contacts"],
      params: idParams,
      response: z.object({ visitor: visitorContextSchema.nullable() }),
      handler: async ({ params }) => ({ visitor: await getVisitorContext(ctx.db, params.id) }),
    }),
    defineRoute({
      method: "get",
      path: "/api/widget/conversations",
      guard: "visitor",
      summary: "The visitor's own conversations",
      tags,
      response: z.object({ items: z.array(widgetConversationSchema) }),
      handler: async ({ visitor, req }) => {
        await channelFor(ctx, visitor.channelId, req);
        return { items: await listVisitorConversations(ctx.db, visitor) };
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/widget/conversations/:id/messages",
      guard: "visitor",
      summary: "Messages of one of the visitor's conversations (no private notes)",
      tags,
      params: idParams,
      response: z.object({ items: z.array(widgetMessageSchema) }),
      handler: async ({ visitor, params, req }) => {
        await channelFor(ctx, visitor.channelId, req);
        await ownConversation(ctx, visitor, params.id);
        const page = await listMessages(ctx.db, { conversationId: params.id, limit: 100, includePrivate: false });
        return { items: page.items.map((m) => toWidgetMessage(m)) };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/widget/messages",
      guard: "visitor",
      summary: "The visitor writes; opens a conversation when needed",
      tags,
      body: widgetSendBody,
      response: widgetMessageSchema,
      status: 201,
      handler: async ({ visitor, body, req }) => {
        await channelFor(ctx, visitor.channelId, req);
        if (visitor.pending && (await ensureVisitorContact(ctx.db, visitor)))
          await announceContact(ctx, visitor.contactId, "created");
        const contact = await getVisitorContact(ctx.db, visitor.contactId);
        const { message } = await ingestInbound(ctx, {
          channelId: visitor.channelId,
          contactId: visitor.contactId,
          identityId: visitor.identityId,
          conversationId: body.conversationId,
          content: body.content,
          attachmentIds: body.attachmentIds,
          uploaderId: visitor.contactId,
          senderName: contact?.name ?? null,
        });
        return toWidgetMessage(message);
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/widget/conversations/:id/read",
      guard: "visitor",
      summary: "The visitor has seen the agent's messages",
      tags,
      params: idParams,
      status: 204,
      handler: async ({ visitor, params, req }) => {
        await channelFor(ctx, visitor.channelId, req);
        await ownConversation(ctx, visitor, params.id);
        await markRead(ctx, params.id, "contact");
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/widget/conversations/:id/feedback",
      guard: "visitor",
      summary: 'The visitor answers "Did this answer your question?" under an AI answer (👍 helpful / 👎 not)',
      tags,
      params: idParams,
      body: widgetFeedbackBody,
      status: 204,
      handler: async ({ visitor, params, body, req }) => {
        await channelFor(ctx, visitor.channelId, req);
        await ownConversation(ctx, visitor, params.id);
        const m = await getMessage(ctx.db, body.messageId);
        if (!m || m.conversationId !== params.id || m.private) throw notFound("Message");
        if (m.senderType !== "ai")
          throw new AppError("not_an_ai_message", "Only the AI agent's answers ask whether they helped");
        // Channels do not know the AI feature: it records the resolution from this event.
        ctx.bus.emit("customer.feedback", {
          conversationId: params.id,
          messageId: m.id,
          helpful: body.helpful,
          channel: "webchat",
        });
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/widget/attachments",
      guard: "visitor",
      summary: "The visitor uploads a file to send (multipart field `file`)",
      tags,
      multipart: true,
      response: attachmentSchema,
      status: 201,
      handler: async ({ visitor, req }) => {
        await channelFor(ctx, visitor.channelId, req);
        return storeUpload(ctx, req, { type: "visitor", id: visitor.contactId });
      },
    }),
  ];
}
