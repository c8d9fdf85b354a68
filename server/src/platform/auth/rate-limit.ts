import type { Db } from "../db/client";
import { PgRateLimiter } from "../rate-limit/limiter";

const WINDOW_MS = 15 * 60_000;

/**
 * Failed logins, counted in PostgreSQL (every process, across restarts) on two keys: per email+IP,
 * the everyday guard against a typo-prone user and a single guesser; and per account across all
 * IPs (a higher limit), so a botnet spreading guesses over many addresses is stopped too. A
 * successful login clears only its own email+IP window, never the account-wide one, or the real
 * user logging in would reset an attacker's budget.
 */
export class LoginLimiter {
  private readonly perIp: PgRateLimiter;
  private readonly perAccount: PgRateLimiter;
  constructor(db: Db, limits: { perIp: number; perAccount: number }) {
    this.perIp = new PgRateLimiter(db, { name: "login-ip", limit: limits.perIp, windowMs: WINDOW_MS });
    this.perAccount = new PgRateLimiter(db, { name: "login-account", limit: limits.perAccount, windowMs: WINDOW_MS });
  }

  /** Seconds to wait before another attempt for this email from this IP, else 0. */
  async blockedFor(email: string, ip: string): Promise<number> {
    const [a, b] = await Promise.all([this.perIp.blockedFor(`${email}|${ip}`), this.perAccount.blockedFor(email)]);
    return Math.max(a, b);
  }

  async failed(email: string, ip: string): Promise<void> {
    await Promise.all([this.perIp.hit(`${email}|${ip}`), this.perAccount.hit(email)]);
  }

  async succeeded(email: string, ip: string): Promise<void> {
    await this.perIp.reset(`${email}|${ip}`);
  }
}
