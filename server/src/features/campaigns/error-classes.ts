import type { recipientErrorClasses } from "@switchboard/contracts";

export type ErrorClass = (typeof recipientErrorClasses)[number];

/**
 * What each Meta error means for a campaign recipient (issue 9 §3). `retry` waits `delayMs` (or a
 * backoff) and sends again; `fail` is final. Each class is its own bucket in the report.
 */
export type Action =
  | { kind: "retry"; errorClass: ErrorClass; delayMs: (attempt: number) => number; maxAttempts: number }
  | { kind: "fail"; errorClass: ErrorClass; optOut?: boolean; reason: string };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** 2 s, 4 s, 8 s… up to 5 minutes: Meta's throughput errors clear as the rate drops. */
const backoff = (attempt: number) => Math.min(5 * MINUTE, 2000 * 2 ** Math.max(0, attempt - 1));

const table: Record<string, Action> = {
  // Throughput of the number exceeded: back off; the pacing keeps later sends under the rate.
  "130429": { kind: "retry", errorClass: "throughput", delayMs: backoff, maxAttempts: 12 },
  "80007": { kind: "retry", errorClass: "throughput", delayMs: backoff, maxAttempts: 12 },
  // One user got a message less than 6 s ago (pair rate): wait past the window.
  "131056": { kind: "retry", errorClass: "pair_rate", delayMs: (a) => 6000 * a, maxAttempts: 8 },
  // Meta's per-user marketing cap: the user may receive marketing again after 24 h (retries capped apart).
  "131049": { kind: "retry", errorClass: "marketing_cap", delayMs: () => 24 * HOUR + MINUTE, maxAttempts: Infinity },
  // The ~1 % experiment group that never receives marketing: retrying can never succeed.
  "130472": { kind: "fail", errorClass: "experiment", reason: "The user is in Meta's marketing experiment group" },
  "131050": {
    kind: "fail",
    errorClass: "opted_out",
    optOut: true,
    reason: "The user has stopped marketing messages from this business",
  },
  "131026": {
    kind: "fail",
    errorClass: "undeliverable",
    reason: "The message could not be delivered (not on WhatsApp, or blocked)",
  },
  // Throughput upgrade in progress: Meta asks for a minute.
  "131057": { kind: "retry", errorClass: "throughput_upgrade", delayMs: () => MINUTE, maxAttempts: 10 },
};

/** Meta allows at most two retries after 131049 before the recipient counts as capped. */
export const MARKETING_CAP_RETRIES = 2;

export function actionFor(code: string | null, status: number | null, message: string): Action {
  if (code && table[code]) return table[code]!;
  // 132xxx: the template (missing, paused, parameter mismatch): permanent for this campaign.
  if (code && /^132\d{3}$/.test(code)) return { kind: "fail", errorClass: "template", reason: message };
  // Invalid parameter (a bad number, a value Meta refuses) and other 4xx: repeating changes nothing.
  if (status !== null && status >= 400 && status < 500 && status !== 429)
    return {
      kind: "fail",
      errorClass: code === "100" || code === "131009" ? "undeliverable" : "other",
      reason: message,
    };
  // 5xx, 429 or the provider unreachable (the request never got there): nothing was sent, retry.
  return { kind: "retry", errorClass: "other", delayMs: backoff, maxAttempts: 8 };
}
