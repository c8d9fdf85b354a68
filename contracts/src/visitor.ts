import { z } from "zod";
import { isoDate, text } from "./common";

/**
 * What the widget tells us about the page and the browser a visitor is on. Sent by the widget itself
 * (no third-party lookups); the browser, OS and device come from the User-Agent header, parsed on
 * the server, so the widget stays small and a page cannot claim to be another browser's.
 */
export const visitorContextBody = z.object({
  pageUrl: text().max(2000).optional(),
  pageTitle: text().max(300).optional(),
  referrer: text().max(2000).optional(),
  language: text().max(35).optional().describe("navigator.language, a BCP 47 tag"),
  timeZone: text().max(64).optional().describe("The browser's IANA time zone, e.g. Europe/Lisbon"),
});
export type VisitorContextBody = z.infer<typeof visitorContextBody>;

export const visitorContextSchema = z.object({
  pageUrl: text().nullable(),
  pageTitle: text().nullable(),
  referrer: text().nullable(),
  language: text().nullable(),
  timeZone: text().nullable(),
  browser: text().nullable().describe("e.g. Chrome 131"),
  os: text().nullable().describe("e.g. macOS 14.5"),
  device: z.enum(["desktop", "mobile", "tablet", "tv", "other"]).nullable(),
  firstSeenAt: isoDate,
  updatedAt: isoDate,
});
export type VisitorContext = z.infer<typeof visitorContextSchema>;

/**
 * What the widget says about being answered: `online` (an agent is online now), `replies_in` (no one
 * online but the team is around: the typical first reply from real reply times), or `away` (leave a
 * message). `typicalReplySeconds` is the median first reply over recent conversations, or null when
 * there are too few to say.
 */
export const widgetAvailabilitySchema = z.object({
  state: z.enum(["online", "replies_in", "away"]),
  typicalReplySeconds: z.number().int().nullable(),
});
export type WidgetAvailability = z.infer<typeof widgetAvailabilitySchema>;
