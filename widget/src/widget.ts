import { Api, ApiError, fatalReason } from "./api";
import { pageContext, watchPage } from "./context";
import { Socket } from "./socket";
import { blip, unlockAudio } from "./sound";
import { createState, localMessage, store, type WidgetState } from "./state";
import { TypingSender } from "./typing";
import type { Identity, ViewMessage, WidgetEvent } from "./types";
import { View } from "./ui/view";

const MAX_FILE = 10 * 1024 * 1024;

/** One widget instance: session, data, realtime and the view, for one channel. */
export class Widget {
  readonly s: WidgetState;
  private readonly api: Api;
  private view: View | null = null;
  private socket: Socket | null = null;
  private readonly typingOut = new TypingSender((conversationId, typing) =>
    this.socket?.send({ type: "typing", conversationId, typing }),
  );
  private typingClear = 0;
  private readTimer = 0;
  private alive = true;
  private unwatchPage: (() => void) | null = null;
  private availabilityTimer = 0;
  /** The page was reported since this page loaded (a new visitor has no contact to attach it to before writing). */
  private contextSent = false;

  constructor(
    base: string,
    channelId: string,
    private identity: Identity,
  ) {
    this.api = new Api(base);
    this.s = createState(channelId);
    document.addEventListener("visibilitychange", this.onVisible);
  }

  /** Start (or resume) the visitor session, then show the launcher and load the latest conversation. */
  async boot(attempt = 0): Promise<void> {
    const { s, api } = this;
    const { userId, userHash, name, email } = this.identity;
    try {
      const res = await api.session(s.channelId, {
        visitorToken: store.get(s.channelId, "token") ?? undefined,
        ...(userId ? { userId, userHash } : {}),
        ...(name ? { name } : {}),
        ...(email ? { email } : {}),
        context: pageContext(),
      });
      if (!this.alive) return;
      api.token = res.visitorToken;
      store.set(s.channelId, "token", res.visitorToken);
      s.channel = res.channel;
      s.visitor = res.visitor;
    } catch (e) {
      if (!this.alive) return;
      if (e instanceof ApiError && e.status === 401 && attempt === 0) {
        store.set(s.channelId, "token", null); // stale visitor token: start over as a new visitor
        return this.boot(1);
      }
      const fatal = fatalReason(e);
      if (fatal !== null) {
        console.warn(`[Switchboard] Chat widget disabled: ${fatal}.`);
        this.socket?.close();
        this.view?.destroy();
        this.view = null;
        return;
      }
      console.warn(`[Switchboard] Could not reach the chat server (${(e as Error).message}); retrying.`);
      setTimeout(() => void this.boot(attempt + 1), Math.min(60_000, 3000 * 2 ** attempt));
      return;
    }
    this.unwatchPage ??= watchPage(() => this.reportPage());
    this.view ??= new View(this.handlers);
    this.view.mount();
    this.render();
    if (s.open) this.view.focusComposer();
    this.socket?.close();
    this.socket = new Socket(
      () => `${api.base.replace(/^http/, "ws")}/ws?visitorToken=${encodeURIComponent(api.token ?? "")}`,
      {
        event: (ev) => this.onEvent(ev),
        open: (again) => {
          if (again) void this.refresh();
        },
      },
    );
    await this.refresh();
  }

  /** Reload the latest conversation and its messages (on boot and after a reconnect). */
  async refresh(): Promise<void> {
    const { s, api } = this;
    try {
      const convs = await api.conversations();
      const latest = convs.sort((a, b) => Date.parse(b.lastMessageAt) - Date.parse(a.lastMessageAt))[0];
      if (!latest) return this.render();
      if (latest.id !== s.conversationId) {
        s.conversationId = latest.id;
        s.messages.reset([]);
      }
      const items = await api.messages(latest.id);
      if (s.conversationId !== latest.id) return;
      s.messages.reset(items);
      s.unread = this.visible ? 0 : latest.unreadCount;
      this.render();
      if (this.visible && latest.unreadCount > 0) this.markRead();
    } catch (e) {
      console.warn("[Switchboard] Could not load messages:", (e as Error).message);
    }
  }

  private get visible(): boolean {
    return this.s.open && document.visibilityState === "visible";
  }

  private get showPrechat(): boolean {
    const { s } = this;
    return !s.prechatDone && !s.conversationId && s.messages.size === 0 && !s.visitor?.name && !s.visitor?.email;
  }

  private render(): void {
    this.view?.render(this.s, this.showPrechat);
  }

  private readonly onVisible = () => {
    if (this.visible && this.s.unread > 0) this.markRead();
  };

  private onEvent(ev: WidgetEvent): void {
    const { s } = this;
    if (ev.type === "typing") {
      if (ev.conversationId !== s.conversationId) return;
      clearTimeout(this.typingClear);
      s.typing = ev.typing ? (ev.name ?? s.channel?.name ?? "Someone") : null;
      if (ev.typing) this.typingClear = window.setTimeout(() => this.setTyping(null), 8000);
      this.render();
      return;
    }
    if (ev.type !== "message.created" && ev.type !== "message.updated") return;
    const m = ev.message;
    if (m.conversationId !== s.conversationId) {
      // A new conversation was started (by us or for us): follow it.
      if (ev.type === "message.created") {
        s.conversationId = m.conversationId;
        s.messages.reset([]);
        void this.refresh();
      }
      return;
    }
    const isNew = !s.messages.get(m.id);
    if (m.from === "visitor") {
      // Our own message echoed before the POST answered: drop the optimistic copy.
      for (const p of s.messages.list())
        if (p.pending && p.content === m.content && p.attachments.length === m.attachments.length)
          s.messages.remove(p.id);
    } else if (ev.type === "message.created" && isNew) {
      if (m.from !== "system") {
        s.typing = null;
        if (this.visible) this.markRead();
        else {
          s.unread++;
          if (s.sound) blip();
        }
      }
    }
    s.messages.upsert(m);
    this.render();
  }

  private setTyping(name: string | null): void {
    this.s.typing = name;
    this.render();
  }

  private markRead(): void {
    clearTimeout(this.readTimer);
    this.s.unread = 0;
    this.render();
    this.readTimer = window.setTimeout(() => {
      const id = this.s.conversationId;
      if (id) this.api.markRead(id).catch(() => {});
    }, 300);
  }

  /** Send text and/or files. Files are uploaded first; the message shows immediately as "Sending…". */
  async send(content: string, files: File[] = [], retryOf?: ViewMessage): Promise<void> {
    const { s, api } = this;
    this.typingOut.stop();
    s.notice = null;
    if (!s.prechatDone) this.setPrechatDone();
    const temp = retryOf ?? localMessage(s.conversationId, s.visitor?.name ?? null, content, files);
    temp.pending = true;
    temp.failed = false;
    s.messages.upsert(temp);
    this.render();
    this.view?.stick();
    try {
      const ids: string[] = [];
      for (const f of temp.files ?? []) ids.push((await api.upload(f)).id);
      const m = await api.send({
        conversationId: s.conversationId ?? undefined,
        content: temp.content,
        attachmentIds: ids,
      });
      s.messages.remove(temp.id);
      // The first message made the visitor's contact: now the page can be attached to it.
      if (!this.contextSent) this.reportPage();
      for (const a of temp.attachments) if (a.url.startsWith("blob:")) URL.revokeObjectURL(a.url);
      if (m.conversationId !== s.conversationId) {
        s.conversationId = m.conversationId;
        s.messages.upsert(m);
        void this.refresh();
      } else s.messages.upsert(m);
    } catch (e) {
      temp.pending = false;
      temp.failed = true;
      s.notice = e instanceof ApiError ? e.message : "You seem to be offline. Your message was not sent.";
    }
    this.render();
  }

  /** Tells the server the page the visitor is on (at the first message, then as they navigate). */
  private reportPage(): void {
    if (!this.api.token) return;
    this.contextSent = true;
    this.api.context(pageContext()).catch(() => {});
  }

  /** Online now / replies in / away can change while the visitor looks: refresh while the chat is open. */
  private async refreshAvailability(): Promise<void> {
    const ch = this.s.channel;
    if (!ch) return;
    try {
      ch.availability = await this.api.availability(this.s.channelId);
      ch.agentsOnline = ch.availability.state === "online";
      this.render();
    } catch {
      // keep what we showed
    }
  }

  private setPrechatDone(): void {
    this.s.prechatDone = true;
    store.set(this.s.channelId, "prechat", "done");
  }

  private readonly handlers = {
    toggle: () => (this.s.open ? this.close() : this.open()),
    close: () => this.close(),
    sound: () => {
      this.s.sound = !this.s.sound;
      store.set(this.s.channelId, "sound", this.s.sound ? "on" : null);
      if (this.s.sound) unlockAudio();
      this.render();
    },
    prechat: (name: string, email: string) => {
      this.setPrechatDone();
      this.identity = { ...this.identity, ...(name ? { name } : {}), ...(email ? { email } : {}) };
      this.render();
      this.view?.focusComposer();
      void this.updateVisitor();
    },
    skipPrechat: () => {
      this.setPrechatDone();
      this.render();
      this.view?.focusComposer();
    },
    send: (text: string) => void this.send(text),
    files: (files: File[]) => {
      const big = files.filter((f) => f.size > MAX_FILE);
      for (const f of files.slice(0, 5)) if (f.size <= MAX_FILE) void this.send("", [f]);
      this.s.notice = big.length ? `${big.map((f) => f.name).join(", ")}: files must be 10 MB or smaller.` : null;
      this.render();
    },
    input: (empty: boolean) => this.typingOut.input(this.s.conversationId, empty),
    retry: (id: string) => {
      const m = this.s.messages.get(id);
      if (m?.failed) void this.send(m.content, m.files ?? [], m);
    },
    url: (path: string, withToken?: boolean) => this.api.url(path, withToken),
    feedback: (id: string, helpful: boolean) => {
      const m = this.s.messages.get(id);
      if (m) this.api.feedback(m.conversationId, id, helpful).catch(() => {});
    },
    survey: (surveyId: string, rating: number, comment?: string) => {
      this.api.survey(surveyId, rating, comment).catch(() => {});
    },
  };

  /** Send name/email from the pre-chat form (the session endpoint updates the visitor). */
  private async updateVisitor(): Promise<void> {
    const { name, email } = this.identity;
    try {
      const res = await this.api.session(this.s.channelId, { visitorToken: this.api.token ?? undefined, name, email });
      this.s.visitor = res.visitor;
    } catch (e) {
      console.warn("[Switchboard] Could not save your details:", (e as Error).message);
    }
  }

  /** New identity from the page: re-run the session; a different signed-in user starts from scratch. */
  identify(id: Identity): void {
    const s = this.s;
    if (id.userId && this.identity.userId && id.userId !== this.identity.userId) {
      store.set(s.channelId, "token", null);
      s.conversationId = null;
      s.messages.clear();
      s.unread = 0;
    }
    this.identity = { ...this.identity, ...id };
    void this.boot();
  }

  open(): void {
    if (this.s.open) return;
    this.s.open = true;
    void this.refreshAvailability();
    clearInterval(this.availabilityTimer);
    this.availabilityTimer = window.setInterval(() => void this.refreshAvailability(), 60_000);
    if (this.s.sound) unlockAudio();
    this.render();
    this.view?.focusComposer();
    if (this.visible && this.s.unread > 0) this.markRead();
  }

  close(): void {
    if (!this.s.open) return;
    const hadFocus = this.view?.focused;
    this.s.open = false;
    clearInterval(this.availabilityTimer);
    this.typingOut.stop();
    this.render();
    if (hadFocus) this.view?.focusLauncher();
  }

  /** Tear everything down; `forget` also drops the stored visitor token (e.g. on logout). */
  destroy(forget: boolean): void {
    this.alive = false;
    clearInterval(this.availabilityTimer);
    this.unwatchPage?.();
    this.typingOut.stop();
    this.socket?.close();
    this.view?.destroy();
    document.removeEventListener("visibilitychange", this.onVisible);
    if (forget) {
      store.set(this.s.channelId, "token", null);
      store.set(this.s.channelId, "prechat", null);
    }
  }
}
