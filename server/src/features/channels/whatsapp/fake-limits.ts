/**
 * The fake Graph API's send limits, for campaign tests (issue 9 §7): the number's throughput
 * (130429 when exceeded), the pair rate (131056), per-number error modes, and a kill switch. Read
 * per request, so a test changes them mid-run. Absent: no limit (the fake's default behaviour).
 */
export interface FakeSendLimits {
  /** Messages per second the number accepts (a sliding second); over it: 130429. */
  throughputPerSecond?: number;
  /** A second message to one user within this many ms: 131056. */
  pairWindowMs?: number;
  /** Meta's error code to answer for a recipient number (digits, as `to`): 131049, 130472, 131050, 131026, 132001… */
  errorByNumber?: Record<string, number>;
  /** The portfolio's limit as GET /{phone-number-id} answers it (whatsapp_business_manager_messaging_limit, e.g. TIER_250). */
  portfolioLimit?: string;
  /** Meta unreachable: every send answers 503 (nothing is accepted). */
  killed?: boolean;
}

const messages: Record<number, [number, string]> = {
  130429: [400, "(#130429) Rate limit hit"],
  131056: [400, "(#131056) (Business Account, Consumer Account) pair rate limit hit"],
  131049: [400, "(#131049) This message was not delivered to maintain healthy ecosystem engagement."],
  130472: [400, "(#130472) User's number is part of an experiment"],
  131050: [
    400,
    "(#131050) Unable to deliver the message. This recipient has chosen to stop receiving marketing messages",
  ],
  131026: [400, "(#131026) Message undeliverable"],
  131057: [400, "(#131057) Account in maintenance mode (throughput upgrade)"],
  132001: [404, "(#132001) Template name does not exist in the translation"],
  132000: [400, "(#132000) Number of parameters does not match the expected number of params"],
};

export function fakeSendGate(limits: () => FakeSendLimits | undefined) {
  const accepted: number[] = [];
  const lastTo = new Map<string, number>();
  /** null: accept (and count it); else the HTTP status and Graph error to answer. */
  return (to: string): { status: number; code: number; message: string } | null => {
    const l = limits() ?? {};
    const now = Date.now();
    if (l.killed) return { status: 503, code: 2, message: "Service temporarily unavailable" };
    const forced = l.errorByNumber?.[to];
    if (forced) {
      const [status, message] = messages[forced] ?? [400, `(#${forced}) Error`];
      return { status, code: forced, message };
    }
    while (accepted.length && accepted[0]! <= now - 1000) accepted.shift();
    if (l.throughputPerSecond && accepted.length >= l.throughputPerSecond)
      return { status: 400, code: 130429, message: messages[130429]![1] };
    const last = lastTo.get(to);
    if (l.pairWindowMs && last !== undefined && now - last < l.pairWindowMs)
      return { status: 400, code: 131056, message: messages[131056]![1] };
    accepted.push(now);
    lastTo.set(to, now);
    return null;
  };
}
