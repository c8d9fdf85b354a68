import type { Router } from "express";

/** One line of the sandbox phone: what the customer sees in their messaging app. */
export interface PhoneMessage {
  id: string;
  from: "customer" | "business";
  text: string;
  /** For business messages: what the app would show (sent ✓, delivered ✓✓, read ✓✓ blue). */
  status: "sent" | "delivered" | "read" | "failed";
  at: string;
  attachments?: { fileName: string; contentType: string }[];
  /** Buttons under a business message (WhatsApp reply buttons, Telegram inline keyboard): id = what a tap sends back. */
  buttons?: { id: string; title: string; list?: true }[];
  /** Telegram: what the bot answered to the customer's last tap on this message (answerCallbackQuery text). */
  tapAnswer?: string;
}

/** A provider account the fake serves: the credentials a sandbox channel was given. */
export interface FakeAccount {
  /** The account id webhooks are routed by (phone_number_id, IG id, X user id, bot id). */
  accountId: string;
  secrets: Record<string, string>;
  settings: Record<string, unknown>;
  /** Where the fake delivers this account's webhooks. */
  webhookUrl: string;
  /**
   * WhatsApp: the Business Manager (portfolio) owning the account's WABA, as `GET /{waba-id}
   * ?fields=owner_business_info` answers it. Absent: a business of the WABA's own.
   */
  businessId?: string;
}

export interface CallRecord {
  method: string;
  path: string;
  body: unknown;
  at: number;
}

/**
 * A local stand-in for a provider: speaks its wire format, checks auth, records calls, answers
 * like the provider (errors and 429s on demand), and sends correctly signed webhooks.
 */
export interface ProviderFake {
  router: Router;
  calls: CallRecord[];
  /** The customer writes (plays the far end): a signed webhook goes to our endpoint. */
  customerSays(
    account: FakeAccount,
    customer: { id: string; name: string },
    text: string,
  ): Promise<{ externalId: string; status: number }>;
  /** The customer opens the chat: read receipts where the provider sends them. */
  markRead(account: FakeAccount, customerId: string): Promise<void>;
  thread(account: FakeAccount, customerId: string): PhoneMessage[];
  /**
   * The customer taps a button under a business message (WhatsApp button_reply, Telegram
   * callback_query); absent where the provider has no buttons. Resolves with the webhook's HTTP status.
   */
  tapButton?(account: FakeAccount, customerId: string, buttonId: string): Promise<number>;
  /** Make the next N API calls fail like the provider would (after `skip` successful calls, when given). */
  failNext(
    n: number,
    failure: { status: number; body: unknown; headers?: Record<string, string>; skip?: number },
  ): void;
}
