/**
 * The CSAT survey's answer buttons (features/csat asks; channels render and read them back). Like
 * the resolution buttons, an id carries the survey id, so a tap names its survey without any state
 * kept between the send and the tap: "sbcsat:4:<uuid>" (50 bytes: Telegram's callback_data allows 64).
 */
export const SURVEY_OPTIONS = [
  { rating: 5, title: "★★★★★ Excellent" },
  { rating: 4, title: "★★★★ Good" },
  { rating: 3, title: "★★★ OK" },
  { rating: 2, title: "★★ Poor" },
  { rating: 1, title: "★ Very poor" },
] as const;

/** The WhatsApp list's button (it opens the rows: reply buttons take at most 3, a rating needs 5). */
export const SURVEY_LIST_BUTTON = "Rate us";

const PREFIX = "sbcsat";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const surveyButtonId = (surveyId: string, rating: number) => `${PREFIX}:${rating}:${surveyId}`;

/** Our survey button id read back from a tap (or a quick reply's payload); null for anything else. */
export function parseSurveyButtonId(id: unknown): { surveyId: string; rating: number } | null {
  if (typeof id !== "string") return null;
  const [prefix, rating, surveyId, ...rest] = id.split(":");
  if (prefix !== PREFIX || rest.length || !surveyId || !UUID.test(surveyId)) return null;
  const n = Number(rating);
  if (!Number.isInteger(n) || n < 1 || n > 5 || rating !== String(n)) return null;
  return { surveyId: surveyId.toLowerCase(), rating: n };
}
