import type { VisitorContextBody, WidgetAvailability } from "@switchboard/contracts";
import type { Attachment, SessionBody, SessionResult, WidgetConversation, WidgetMessage } from "./types";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Thin client for the visitor-facing Widget API (cross-origin, bearer visitor token). */
export class Api {
  token: string | null = null;

  constructor(readonly base: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const res = await fetch(this.base + path, { method, headers, body: payload, credentials: "omit" });
    if (!res.ok) {
      let code = "http_error";
      let message = `HTTP ${res.status}`;
      try {
        const data = (await res.json()) as { error?: { code?: string; message?: string } };
        code = data.error?.code ?? code;
        message = data.error?.message ?? message;
      } catch {
        // not JSON
      }
      throw new ApiError(res.status, code, message);
    }
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  session(channelId: string, body: SessionBody): Promise<SessionResult> {
    return this.call("POST", `/api/widget/${encodeURIComponent(channelId)}/session`, body);
  }

  async conversations(): Promise<WidgetConversation[]> {
    return (await this.call<{ items: WidgetConversation[] }>("GET", "/api/widget/conversations")).items;
  }

  async messages(conversationId: string): Promise<WidgetMessage[]> {
    const path = `/api/widget/conversations/${conversationId}/messages`;
    return (await this.call<{ items: WidgetMessage[] }>("GET", path)).items;
  }

  send(body: { conversationId?: string; content: string; attachmentIds?: string[] }): Promise<WidgetMessage> {
    return this.call("POST", "/api/widget/messages", body);
  }

  availability(channelId: string): Promise<WidgetAvailability> {
    return this.call("GET", `/api/widget/${encodeURIComponent(channelId)}/availability`);
  }

  context(body: VisitorContextBody): Promise<void> {
    return this.call("POST", "/api/widget/context", body);
  }

  markRead(conversationId: string): Promise<void> {
    return this.call("POST", `/api/widget/conversations/${conversationId}/read`);
  }

  feedback(conversationId: string, messageId: string, helpful: boolean): Promise<void> {
    return this.call("POST", `/api/widget/conversations/${conversationId}/feedback`, { messageId, helpful });
  }

  /** The visitor's answer to a CSAT survey: the stars, then (again) with a comment. */
  survey(surveyId: string, rating: number, comment?: string): Promise<void> {
    return this.call("POST", `/api/widget/csat/${surveyId}`, { rating, ...(comment ? { comment } : {}) });
  }

  upload(file: File): Promise<Attachment> {
    const form = new FormData();
    form.append("file", file, file.name);
    return this.call("POST", "/api/widget/attachments", form);
  }

  /** Absolute URL of a server path, with the visitor token for attachment downloads. */
  url(path: string, withToken = false): string {
    const u = new URL(path, this.base);
    if (withToken && this.token && u.origin === new URL(this.base).origin) u.searchParams.set("token", this.token);
    return u.href;
  }
}

/** Why the widget must stay hidden after a failed session call, or null when it is worth retrying. */
export function fatalReason(e: unknown): string | null {
  if (!(e instanceof ApiError) || e.status >= 500 || e.status === 429) return null;
  if (e.code === "identity_verification_failed")
    return "identity verification failed (data-user-hash must be the hex HMAC-SHA256 of data-user-id, keyed with the channel's identity secret, computed by your backend)";
  if (e.code === "origin_not_allowed")
    return `this site's origin (${location.origin}) is not in the channel's allowed origins`;
  return e.message;
}
