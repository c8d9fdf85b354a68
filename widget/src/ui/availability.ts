import type { WidgetAvailability } from "@switchboard/contracts";
import { h } from "./dom";

/** "under a minute", "3 minutes", "about 2 hours", "about a day": a median, so no false precision. */
export function replyTime(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (seconds < 60) return "under a minute";
  if (seconds < 3600) return plural(Math.round(seconds / 60), "minute");
  if (seconds < 86_400) {
    const hours = Math.round(seconds / 3600);
    return hours === 1 ? "about an hour" : `about ${plural(hours, "hour")}`;
  }
  const days = Math.round(seconds / 86_400);
  return days === 1 ? "about a day" : `about ${plural(days, "day")}`;
}

/** The header's second line: only what is true now (see the server's widgetAvailability). */
export function availabilityLine(a: WidgetAvailability | undefined): (Node | string)[] {
  if (a?.state === "online") return [h("span", { class: "dot", "aria-hidden": "true" }), "Online now"];
  if (a?.state === "replies_in" && a.typicalReplySeconds !== null)
    return [`Typically replies in ${replyTime(a.typicalReplySeconds)}`];
  return ["Away · leave a message"];
}

/** How an away visitor will be answered: here, and by email when we have their address. */
export function awayNote(a: WidgetAvailability | undefined, email: string | null | undefined): string | null {
  if (a && a.state !== "away") return null;
  return email
    ? `No one is here right now. Leave a message: we'll reply here and by email (${email}).`
    : "No one is here right now. Leave a message and your email: we'll reply here and by email.";
}
