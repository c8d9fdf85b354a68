import type { NotificationPreferences } from "@switchboard/contracts";

/** Everything on until the agent says otherwise (the server's defaults too). */
export const defaultPreferences: NotificationPreferences = {
  sound: true,
  desktop: true,
  events: { newConversation: true, assigned: true, mention: true, newMessage: true },
};

/** What the notifier may alert about: a new conversation, a customer's message in mine, a mention, an assignment. */
export type AlertKind = keyof NotificationPreferences["events"];

export interface AlertContext {
  /** The agent is looking at this conversation right now (visible tab): nothing to alert. */
  viewing: boolean;
  /** The tab is visible and focused: a desktop notification would be noise. */
  focused: boolean;
  /** The browser lets us show desktop notifications. */
  permission: NotificationPermission | "unsupported";
}

/**
 * The one decision the notifier makes, per event: chime, desktop notification and the tab-title
 * badge, from the agent's stored preferences. An event kind switched off does nothing at all.
 */
export function alertFor(
  kind: AlertKind,
  prefs: NotificationPreferences,
  ctx: AlertContext,
): { badge: boolean; sound: boolean; desktop: boolean } {
  if (!prefs.events[kind] || ctx.viewing) return { badge: false, sound: false, desktop: false };
  return {
    badge: kind === "newConversation" || kind === "newMessage",
    sound: prefs.sound,
    desktop: prefs.desktop && ctx.permission === "granted" && !ctx.focused,
  };
}
