import type { SessionResult, ViewMessage, WidgetChannel, WidgetMessage } from "./types";

let localId = 0;

/** The optimistic copy of a visitor message, shown as "Sending…" until the server answers. */
export function localMessage(
  conversationId: string | null,
  name: string | null,
  content: string,
  files: File[],
): ViewMessage {
  const id = `local-${++localId}`;
  return {
    id,
    conversationId: conversationId ?? "",
    from: "visitor",
    sender: { name, avatarUrl: null },
    content,
    attachments: files.map((f, i) => ({
      id: `${id}-${i}`,
      fileName: f.name,
      contentType: f.type || "application/octet-stream",
      size: f.size,
      url: f.type.startsWith("image/") ? URL.createObjectURL(f) : "#",
    })),
    status: "queued",
    createdAt: new Date().toISOString(),
    files,
  };
}

const rank: Record<string, number> = { queued: 0, sent: 1, delivered: 2, read: 3, failed: 1 };

/** Messages of the current conversation, deduplicated by id (POST result and socket event both arrive). */
export class MessageStore {
  private byId = new Map<string, ViewMessage>();

  get size(): number {
    return this.byId.size;
  }

  /** Insert or update; never downgrades a delivery status (e.g. a late POST answer after "read"). */
  upsert(m: ViewMessage): void {
    const old = this.byId.get(m.id);
    if (old && !old.pending && (rank[old.status] ?? 0) > (rank[m.status] ?? 0)) m = { ...m, status: old.status };
    this.byId.set(m.id, m);
  }

  remove(id: string): void {
    this.byId.delete(id);
  }

  get(id: string): ViewMessage | undefined {
    return this.byId.get(id);
  }

  /** Replace with a fresh server list, keeping local messages still being sent. */
  reset(items: WidgetMessage[]): void {
    const pending = [...this.byId.values()].filter((m) => m.pending || m.failed);
    this.byId.clear();
    for (const m of items) this.upsert(m);
    for (const m of pending) this.byId.set(m.id, m);
  }

  clear(): void {
    this.byId.clear();
  }

  list(): ViewMessage[] {
    return [...this.byId.values()].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  }
}

export interface WidgetState {
  channelId: string;
  channel: WidgetChannel | null;
  visitor: SessionResult["visitor"] | null;
  conversationId: string | null;
  messages: MessageStore;
  open: boolean;
  unread: number;
  /** Name of the agent currently typing, or null. */
  typing: string | null;
  sound: boolean;
  prechatDone: boolean;
  notice: string | null;
}

export function createState(channelId: string): WidgetState {
  return {
    channelId,
    channel: null,
    visitor: null,
    conversationId: null,
    messages: new MessageStore(),
    open: false,
    unread: 0,
    typing: null,
    sound: store.get(channelId, "sound") === "on",
    prechatDone: store.get(channelId, "prechat") === "done",
    notice: null,
  };
}

/** localStorage under `switchboard:<channelId>:<key>`; silently no-ops where storage is blocked. */
export const store = {
  get(channelId: string, key: string): string | null {
    try {
      return localStorage.getItem(`switchboard:${channelId}:${key}`);
    } catch {
      return null;
    }
  },
  set(channelId: string, key: string, value: string | null): void {
    try {
      const k = `switchboard:${channelId}:${key}`;
      if (value === null) localStorage.removeItem(k);
      else localStorage.setItem(k, value);
    } catch {
      // storage unavailable (private mode, sandboxed iframe)
    }
  },
};
