import type {
  Attachment,
  WidgetEvent,
  WidgetMessage,
  widgetConversationSchema,
  widgetSessionBody,
  widgetSessionResult,
} from "@switchboard/contracts";
import type { z } from "zod";

// Types only: nothing from zod or the contracts package may reach the bundle.
export type { Attachment, WidgetEvent, WidgetMessage };
export type SessionBody = z.input<typeof widgetSessionBody>;
export type SessionResult = z.infer<typeof widgetSessionResult>;
export type WidgetChannel = SessionResult["channel"];
export type WidgetConversation = z.infer<typeof widgetConversationSchema>;

/** Identity passed by the host page (script attributes or `Switchboard.identify`). */
export interface Identity {
  userId?: string;
  userHash?: string;
  name?: string;
  email?: string;
}

/** A message as shown: a server message, or a local one still being sent. */
export type ViewMessage = WidgetMessage & { pending?: boolean; failed?: boolean; files?: File[] };
