import crypto from "node:crypto";
import type { CallRecord, PhoneMessage } from "./types";

export interface FakeTemplate {
  id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  parameter_format: string;
  components: unknown[];
  quality_score?: { score: string };
  rejected_reason?: string;
}

/** Bookkeeping shared by the fakes: recorded calls, queued failures, and each customer's phone thread. */
export class FakeState {
  calls: CallRecord[] = [];
  /** Queued failures; `skip` lets that many calls succeed first (fail the second part of a message once). */
  failures: { status: number; body: unknown; headers?: Record<string, string>; skip?: number }[] = [];
  private threads = new Map<string, PhoneMessage[]>();
  /** Message templates per business account (WhatsApp), in creation order; see whatsapp/fake-templates.ts. */
  templates = new Map<string, FakeTemplate[]>();
  /** Open Resumable Upload sessions and finished handles (WhatsApp template header examples). */
  uploads = new Map<string, { fileName: string; length: number; type: string; handle?: string }>();

  record(method: string, path: string, body: unknown) {
    this.calls.push({ method, path, body, at: Date.now() });
    if (this.calls.length > 5000) this.calls.splice(0, 1000);
  }

  /** The next queued failure, if any (the fake answers with it instead of succeeding). */
  takeFailure() {
    const head = this.failures[0];
    if (head?.skip) {
      head.skip--;
      return undefined;
    }
    return this.failures.shift();
  }

  thread(account: string, customer: string): PhoneMessage[] {
    const key = `${account}:${customer}`;
    let t = this.threads.get(key);
    if (!t) {
      t = [];
      this.threads.set(key, t);
    }
    return t;
  }

  add(account: string, customer: string, m: Omit<PhoneMessage, "at"> & { at?: string }) {
    const t = this.thread(account, customer);
    t.push({ ...m, at: m.at ?? new Date().toISOString() });
    if (t.length > 500) t.splice(0, 100);
  }

  setStatus(account: string, customer: string, id: string, status: PhoneMessage["status"]) {
    const m = this.thread(account, customer).find((x) => x.id === id);
    if (m) m.status = status;
  }

  /** When this customer last wrote (the fake enforces 24-hour windows like the provider). */
  lastCustomerMessage(account: string, customer: string): Date | null {
    const last = [...this.thread(account, customer)].reverse().find((m) => m.from === "customer");
    return last ? new Date(last.at) : null;
  }
}

export const randomDigits = (n: number) => Array.from({ length: n }, () => crypto.randomInt(10)).join("");

export async function postWebhook(url: string, body: string, headers: Record<string, string>): Promise<number> {
  try {
    const r = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    await r.arrayBuffer();
    return r.status;
  } catch {
    return 0;
  }
}
