import { dayLabel, fileSize, initials, linkify, timeLabel } from "../format";
import { markdownNodes } from "./markdown";
import type { Attachment, ViewMessage } from "../types";
import { h, icon, icons } from "./dom";

export interface ListView {
  messages: ViewMessage[];
  channelName: string;
  welcome: string;
  typing: string | null;
  prechat: HTMLElement | null;
}

export interface ListDeps {
  /** Absolute URL; attachments get the visitor token. */
  url(path: string, withToken?: boolean): string;
  retry(id: string): void;
  /** "Did this answer your question?" answered under an AI answer (👍 true / 👎 false). */
  feedback?(id: string, helpful: boolean): void;
  /** The visitor's CSAT answer (stars, then an optional comment with them again). */
  survey?(surveyId: string, rating: number, comment?: string): void;
}

const GROUP_MS = 5 * 60_000;

export function avatar(name: string | null, url: string | null, deps: ListDeps, hide = false): HTMLElement {
  const el = h("span", { class: hide ? "av blank" : "av", "aria-hidden": "true" });
  if (url) el.append(h("img", { src: deps.url(url), alt: "", loading: "lazy", referrerpolicy: "no-referrer" }));
  else el.textContent = initials(name);
  return el;
}

/** The message log: keyed nodes reused between renders so images don't reload and screen readers aren't spammed. */
export class MessageList {
  readonly el = h("div", {
    class: "list",
    role: "log",
    "aria-live": "polite",
    "aria-relevant": "additions",
    "aria-label": "Messages",
    "data-testid": "sb-messages",
    tabindex: 0,
  });
  private cache = new Map<string, { key: string; el: HTMLElement }>();
  private welcomeEl: HTMLElement | null = null;
  private welcomeKey = "";
  private typingEl = h("div", { class: "typing", "data-testid": "sb-typing", "aria-live": "polite" });
  private pinned = true;
  /** AI answers the visitor rated here (kept for the page's life; the server records the first word and the last). */
  private rated = new Map<string, boolean>();
  /** Survey answers given here: the stars, and whether the comment went too. */
  private surveyed = new Map<string, { rating: number; commented: boolean }>();

  constructor(private readonly deps: ListDeps) {
    this.el.addEventListener("scroll", () => {
      const el = this.el;
      this.pinned = el.scrollHeight - el.scrollTop - el.clientHeight < 60;
    });
  }

  /** Scroll to the newest message (after sending, opening, or when already at the bottom). */
  stick(force = false): void {
    if (force) this.pinned = true;
    if (this.pinned) this.el.scrollTop = this.el.scrollHeight;
  }

  render(v: ListView): void {
    const nodes: HTMLElement[] = [];
    if (v.welcome) nodes.push(this.welcome(v));
    if (v.prechat) nodes.push(v.prechat);
    const ms = v.messages;
    let lastMine: ViewMessage | undefined;
    for (const m of ms) if (m.from === "visitor") lastMine = m;
    let prevDay = "";
    const seen = new Set<string>();
    ms.forEach((m, i) => {
      const day = dayLabel(m.createdAt);
      if (day !== prevDay) {
        nodes.push(this.node(`day:${day}`, day, () => h("div", { class: "day" }, day)));
        prevDay = day;
      }
      const prev = ms[i - 1];
      const next = ms[i + 1];
      const first = !prev || !sameGroup(prev, m);
      const last = !next || !sameGroup(m, next);
      const status = m === lastMine || (last && m.from === "visitor") || !!m.pending || !!m.failed;
      // Only the conversation's latest word, when it is an AI answer, asks whether it helped.
      const ask = !!m.aiAnswer && i === ms.length - 1 && !!this.deps.feedback;
      const rated = this.rated.get(m.id);
      const key = [
        m.status,
        m.pending,
        m.failed,
        first,
        last,
        status,
        m.content,
        m.sender.name,
        m.sender.avatarUrl,
        ask,
        rated,
        JSON.stringify(m.survey ? (this.surveyed.get(m.survey.id) ?? null) : null),
      ]
        .concat(m.attachments.map((a) => a.url))
        .join("|");
      seen.add(m.id);
      nodes.push(this.node(m.id, key, () => this.message(m, v, first, last, status, ask)));
    });
    for (const id of this.cache.keys()) if (!id.startsWith("day:") && !seen.has(id)) this.cache.delete(id);
    if (v.typing) {
      this.typingEl.replaceChildren(
        h("span", { class: "dots", "aria-hidden": "true" }, h("i"), h("i"), h("i")),
        h("span", {}, `${v.typing} is typing…`),
      );
      nodes.push(this.typingEl);
    }
    reconcile(this.el, nodes);
    this.stick();
  }

  private node(id: string, key: string, make: () => HTMLElement): HTMLElement {
    const hit = this.cache.get(id);
    if (hit && hit.key === key) return hit.el;
    const el = make();
    this.cache.set(id, { key, el });
    return el;
  }

  private welcome(v: ListView): HTMLElement {
    const key = v.channelName + v.welcome;
    if (!this.welcomeEl || this.welcomeKey !== key) {
      this.welcomeKey = key;
      this.welcomeEl = h(
        "div",
        { class: "row them first last", "data-testid": "sb-welcome" },
        avatar(v.channelName, null, this.deps),
        h(
          "div",
          { class: "col" },
          h("div", { class: "name" }, v.channelName),
          h("div", { class: "bubble" }, v.welcome),
        ),
      );
    }
    return this.welcomeEl;
  }

  private message(
    m: ViewMessage,
    v: ListView,
    first: boolean,
    last: boolean,
    status: boolean,
    ask = false,
  ): HTMLElement {
    const base = { "data-testid": "sb-message", "data-from": m.from, "data-id": m.id, "data-status": m.status };
    if (m.from === "system" && m.survey && this.deps.survey) return this.surveyBox(m, m.survey.id, base);
    if (m.from === "system") return h("div", { class: "sys", ...base }, ...linkify(m.content));
    const mine = m.from === "visitor";
    const cls = `row ${mine ? "me" : "them"}${first ? " first" : ""}${last ? " last" : ""}`;
    const row = h("div", { class: `${cls}${m.pending ? " pending" : ""}${m.failed ? " failed" : ""}`, ...base });
    const col = h("div", { class: "col" });
    if (!mine) {
      const name = m.sender.name ?? (m.from === "ai" ? "Assistant" : v.channelName);
      row.append(avatar(name, m.sender.avatarUrl, this.deps, !last));
      if (first) col.append(h("div", { class: "name" }, name, m.from === "ai" && h("b", {}, "AI")));
    }
    // Agents write Markdown; the visitor's own text is never interpreted.
    if (m.content) col.append(h("div", { class: "bubble" }, ...(mine ? linkify(m.content) : markdownNodes(m.content))));
    if (m.attachments.length) col.append(h("div", { class: "atts" }, ...m.attachments.map((a) => this.attachment(a))));
    if (last || status) col.append(this.meta(m, mine && status));
    row.append(col);
    // Below the row, not in it: the avatar stays beside the answer.
    return ask ? h("div", {}, row, this.ask(m)) : row;
  }

  /** The CSAT question with five stars (radio-like buttons), then a comment box once a star is chosen. */
  private surveyBox(m: ViewMessage, surveyId: string, base: Record<string, string>): HTMLElement {
    const box = h("div", { class: "csat", ...base, "data-testid": "sb-survey" });
    const done = this.surveyed.get(surveyId);
    box.append(h("p", {}, m.content));
    const stars = h("div", { class: "stars", role: "group", "aria-label": "Your rating" });
    for (let n = 1; n <= 5; n++)
      stars.append(
        h(
          "button",
          {
            type: "button",
            class: done && n <= done.rating ? "on" : "",
            "aria-label": `${n} out of 5`,
            "aria-pressed": done?.rating === n ? "true" : "false",
            "data-testid": `sb-star-${n}`,
            disabled: done ? "" : undefined,
            onclick: () => {
              if (this.surveyed.has(surveyId)) return;
              this.surveyed.set(surveyId, { rating: n, commented: false });
              this.deps.survey?.(surveyId, n);
              this.cache.delete(m.id);
              box.replaceWith(this.surveyBox(m, surveyId, base));
            },
          },
          "★",
        ),
      );
    box.append(stars);
    if (done && !done.commented) {
      const input = h("input", {
        type: "text",
        maxlength: "2000",
        placeholder: "Anything to add? (optional)",
        "aria-label": "Comment",
      }) as HTMLInputElement;
      const form = h(
        "form",
        {
          class: "comment",
          onsubmit: (e: Event) => {
            e.preventDefault();
            const text = input.value.trim();
            if (!text) return;
            this.surveyed.set(surveyId, { rating: done.rating, commented: true });
            this.deps.survey?.(surveyId, done.rating, text);
            this.cache.delete(m.id);
            box.replaceWith(this.surveyBox(m, surveyId, base));
          },
        },
        input,
        h("button", { type: "submit" }, "Send"),
      );
      box.append(form);
    } else if (done) box.append(h("p", { class: "thanks" }, "Thank you for your feedback!"));
    return box;
  }

  private ask(m: ViewMessage): HTMLElement {
    const box = h("div", { class: "ask", "data-testid": "sb-ask" });
    const thanks = (helpful: boolean) => {
      box.textContent = helpful ? "Glad that helped!" : "Sorry about that. Tell us more here and we'll help.";
    };
    const rated = this.rated.get(m.id);
    if (rated !== undefined) {
      thanks(rated);
      return box;
    }
    const vote = (helpful: boolean) => () => {
      this.rated.set(m.id, helpful);
      this.deps.feedback?.(m.id, helpful);
      thanks(helpful);
    };
    const btn = (helpful: boolean) =>
      h(
        "button",
        {
          type: "button",
          class: helpful ? "" : "dn",
          "aria-label": helpful ? "Yes, it helped" : "No, it didn't help",
          "data-testid": helpful ? "sb-yes" : "sb-no",
          onclick: vote(helpful),
        },
        icon(icons.thumb),
      );
    box.append("Did this answer your question?", btn(true), btn(false));
    return box;
  }

  private meta(m: ViewMessage, withStatus: boolean): HTMLElement {
    const meta = h("div", { class: "meta" });
    if (m.failed) {
      meta.append(
        "Not sent · ",
        h("button", { class: "seen", type: "button", onclick: () => this.deps.retry(m.id) }, "Retry"),
      );
      return meta;
    }
    if (m.pending) {
      meta.textContent = "Sending…";
      return meta;
    }
    meta.append(timeLabel(m.createdAt));
    if (withStatus) {
      const read = m.status === "read";
      meta.append(
        " · ",
        h("span", { class: read ? "seen" : "", "data-testid": "sb-status" }, read ? "Seen" : "Sent ✓"),
      );
    }
    return meta;
  }

  private attachment(a: Attachment): HTMLElement {
    const href = a.url.startsWith("blob:") ? a.url : this.deps.url(a.url, true);
    const link = { href, target: "_blank", rel: "noopener noreferrer", "data-testid": "sb-attachment" };
    if (a.contentType.startsWith("image/")) {
      const img = h("img", { src: href, alt: a.fileName, loading: "lazy" });
      img.addEventListener("load", () => this.stick());
      return h("a", { class: "thumb", ...link, title: a.fileName }, img);
    }
    return h(
      "a",
      { class: "file", ...link, download: a.fileName },
      icon(icons.file),
      h("span", {}, a.fileName),
      h("small", {}, fileSize(a.size)),
    );
  }
}

function sameGroup(a: ViewMessage, b: ViewMessage): boolean {
  return (
    a.from === b.from &&
    a.from !== "system" &&
    a.sender.name === b.sender.name &&
    Date.parse(b.createdAt) - Date.parse(a.createdAt) < GROUP_MS &&
    dayLabel(a.createdAt) === dayLabel(b.createdAt)
  );
}

/** Make `parent`'s children exactly `nodes`, touching only what changed. */
function reconcile(parent: HTMLElement, nodes: HTMLElement[]): void {
  let cur = parent.firstChild;
  for (const n of nodes) {
    if (cur === n) cur = cur.nextSibling;
    else parent.insertBefore(n, cur);
  }
  while (cur) {
    const next: ChildNode | null = cur.nextSibling;
    cur.remove();
    cur = next;
  }
}
