/**
 * The Markdown agents write, parsed once into a small tree that every consumer walks: the console's
 * bubbles, the widget, and the per-channel converters on the send path (WhatsApp markers, Telegram
 * entities, plain text). Zod-free and dependency-free so the widget (≤ 30 KB) and the console's
 * initial bundle can import it.
 *
 * Written here rather than taken from a library: the subset is small (bold, italics, strikethrough,
 * lists, links, inline code, code blocks) and chat-shaped (a single newline is a line break, no
 * headings, no raw HTML), while CommonMark parsers are 20–40 KB gzipped, accept HTML we would then
 * have to strip, and produce trees we would still have to convert per channel. The tree never holds
 * HTML: text is text, and a link's href is kept only when it is http(s) or mailto.
 */

export type MdInline =
  | { type: "text"; value: string }
  | { type: "bold" | "italic" | "strike"; children: MdInline[] }
  | { type: "code"; value: string }
  | { type: "link"; href: string; children: MdInline[] };

export type MdBlock =
  | { type: "paragraph"; children: MdInline[] }
  | { type: "list"; ordered: boolean; start: number; items: MdInline[][] }
  | { type: "codeblock"; value: string };

const SAFE_HREF = /^(https?:\/\/|mailto:)/i;
const BARE_URL = /^https?:\/\/[^\s<>"]*[^\s<>"'.,;:!?)\]]/i;
const ESCAPABLE = "\\`*_~[]()#+-.!>";
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const ORDERED = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/;
const FENCE = /^\s{0,3}```/;

/** Whether a link target may become a link: anything else (javascript:, data:, relative) stays text. */
export function isSafeHref(href: string): boolean {
  return SAFE_HREF.test(href.trim());
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}

/** Where the closer of a `marker` run opened at `from` is, or -1. Skips code spans; `*`/`**` skip each other. */
function findCloser(s: string, from: number, marker: string): number {
  for (let j = from; j < s.length; j++) {
    const ch = s[j];
    if (ch === "\\") {
      j++;
      continue;
    }
    if (ch === "`") {
      const end = s.indexOf("`", j + 1);
      if (end > 0) j = end;
      continue;
    }
    if (!s.startsWith(marker, j)) continue;
    if (marker === "*" && s[j + 1] === "*") {
      // "**" inside "*…*" is a nested bold unless it ends the run ("***"): then the last star closes us.
      if (s[j + 2] === "*" && !/\s/.test(s[j - 1] ?? " ")) return j + 2;
      const inner = findCloser(s, j + 2, "**");
      if (inner > 0) {
        j = inner + 1;
        continue;
      }
    }
    if (/\s/.test(s[j - 1] ?? " ")) continue; // a closer hugs its text: "a * b" is no emphasis
    if (marker === "**" && s[j + 2] === "*") return j + 1; // "***" closes bold after an italic's star
    if (marker === "_" && isWordChar(s[j + 1])) continue; // snake_case is not emphasis
    return j;
  }
  return -1;
}

function pushText(out: MdInline[], value: string) {
  if (!value) return;
  const last = out[out.length - 1];
  if (last?.type === "text") last.value += value;
  else out.push({ type: "text", value });
}

/** Inline Markdown of one block: emphasis, strike, code, links (explicit and bare URLs), backslash escapes. */
export function parseInline(s: string): MdInline[] {
  const out: MdInline[] = [];
  let i = 0;
  let plain = "";
  const flush = () => {
    pushText(out, plain);
    plain = "";
  };
  while (i < s.length) {
    const ch = s[i] as string;
    const rest = s.slice(i);
    if (ch === "\\" && i + 1 < s.length && ESCAPABLE.includes(s[i + 1] as string)) {
      plain += s[i + 1];
      i += 2;
      continue;
    }
    if (ch === "`") {
      const end = s.indexOf("`", i + 1);
      if (end > i + 1) {
        flush();
        out.push({ type: "code", value: s.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    const pair = rest.startsWith("**") ? "**" : rest.startsWith("~~") ? "~~" : rest.startsWith("__") ? "__" : null;
    if (pair && s[i + 2] && !/\s/.test(s[i + 2] as string)) {
      const end = pair === "**" ? findCloser(s, i + 2, "**") : s.indexOf(pair, i + 3);
      if (end > i + 2 && !/\s/.test(s[end - 1] as string)) {
        flush();
        out.push({ type: pair === "~~" ? "strike" : "bold", children: parseInline(s.slice(i + 2, end)) });
        i = end + 2;
        continue;
      }
    }
    if ((ch === "*" || ch === "_") && s[i + 1] && !/\s/.test(s[i + 1] as string)) {
      const opensWord = ch === "*" || !isWordChar(s[i - 1]);
      const end = opensWord ? findCloser(s, i + 1, ch) : -1;
      if (end > i + 1) {
        flush();
        out.push({ type: "italic", children: parseInline(s.slice(i + 1, end)) });
        i = end + 1;
        continue;
      }
    }
    if (ch === "[") {
      const m = /^\[([^\]\n]+)\]\(([^)\s]+)\)/.exec(rest);
      if (m) {
        const [whole, label = "", href = ""] = m;
        flush();
        if (isSafeHref(href)) out.push({ type: "link", href, children: parseInline(label) });
        else pushText(out, whole); // an unsafe target is shown as typed, never made clickable
        i += whole.length;
        continue;
      }
    }
    if ((ch === "h" || ch === "H") && !isWordChar(s[i - 1])) {
      const m = BARE_URL.exec(rest);
      if (m) {
        flush();
        out.push({ type: "link", href: m[0], children: [{ type: "text", value: m[0] }] });
        i += m[0].length;
        continue;
      }
    }
    plain += ch;
    i++;
  }
  flush();
  return out;
}

/** Blocks: ``` fences, bullet and numbered lists, paragraphs (split by blank lines; single newlines stay). */
export function parseMarkdown(source: string): MdBlock[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const blocks: MdBlock[] = [];
  let para: string[] = [];
  const endPara = () => {
    if (para.length) blocks.push({ type: "paragraph", children: parseInline(para.join("\n")) });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (FENCE.test(line)) {
      const close = lines.findIndex((l, k) => k > i && FENCE.test(l));
      if (close > 0) {
        endPara();
        blocks.push({ type: "codeblock", value: lines.slice(i + 1, close).join("\n") });
        i = close;
        continue;
      }
    }
    const bullet = BULLET.exec(line);
    const ordered = bullet ? null : ORDERED.exec(line);
    if (bullet || ordered) {
      endPara();
      const isOrdered = !!ordered;
      const item = parseInline((bullet ? bullet[1] : ordered?.[2]) ?? "");
      const last = blocks[blocks.length - 1];
      if (last?.type === "list" && last.ordered === isOrdered && lines[i - 1]?.trim() !== "") last.items.push(item);
      else blocks.push({ type: "list", ordered: isOrdered, start: ordered ? Number(ordered[1]) : 1, items: [item] });
      continue;
    }
    if (line.trim() === "") endPara();
    else para.push(line);
  }
  endPara();
  return blocks;
}

/** The text a reader sees, without any markers (used by previews and converters). */
export function inlineText(nodes: MdInline[]): string {
  return nodes.map((n) => ("children" in n ? inlineText(n.children) : n.value)).join("");
}

function walkBlocks(blocks: MdBlock[], inline: (n: MdInline[]) => string, code: (v: string) => string): string {
  return blocks
    .map((b) => {
      if (b.type === "paragraph") return inline(b.children);
      if (b.type === "codeblock") return code(b.value);
      return b.items.map((it, k) => `${b.ordered ? `${b.start + k}.` : "•"} ${inline(it)}`).join("\n");
    })
    .join("\n\n");
}

/** "text (url)", or just the url when the text is the url itself (a bare link). */
function linkAsText(label: string, href: string): string {
  const shown = href.replace(/^mailto:/i, "");
  return label === href || label === shown ? shown : `${label} (${shown})`;
}

/** For channels without formatting (Instagram, X, previews): markers stripped, links as "text (url)". */
export function toPlainText(source: string): string {
  const inline = (nodes: MdInline[]): string =>
    nodes
      .map((n) => {
        if (n.type === "text" || n.type === "code") return n.value;
        if (n.type === "link") return linkAsText(inline(n.children), n.href);
        return inline(n.children);
      })
      .join("");
  return walkBlocks(parseMarkdown(source), inline, (v) => v);
}

/**
 * WhatsApp's own markers: *bold* _italic_ ~strike~ ```mono```. WhatsApp has no escape character, so a
 * literal marker in the text may still be read as formatting by the app; links become "text (url)".
 * A marker is only recognised at a word edge, so nested markers are emitted outermost first.
 */
export function toWhatsApp(source: string): string {
  const inline = (nodes: MdInline[]): string =>
    nodes
      .map((n) => {
        if (n.type === "text") return n.value;
        if (n.type === "code") return `\`\`\`${n.value}\`\`\``;
        if (n.type === "link") return linkAsText(inlineText(n.children), n.href);
        const mark = n.type === "bold" ? "*" : n.type === "italic" ? "_" : "~";
        const inner = inline(n.children);
        return inner.trim() ? `${mark}${inner}${mark}` : inner;
      })
      .join("");
  return walkBlocks(parseMarkdown(source), inline, (v) => `\`\`\`${v}\`\`\``).replace(/^• /gm, "- ");
}

export interface TelegramEntity {
  type: "bold" | "italic" | "strikethrough" | "code" | "pre" | "text_link";
  offset: number;
  length: number;
  url?: string;
}

/**
 * Telegram's message entities: plain text plus (offset, length) ranges in UTF-16 code units, which
 * is what JavaScript string indices are. Chosen over parse_mode HTML because nothing needs escaping
 * (the customer sees exactly the characters typed, "<b>" included) and long texts can be cut into
 * 4096-character messages without cutting a tag in half (see sliceEntities).
 */
export function toTelegram(source: string): { text: string; entities: TelegramEntity[] } {
  let text = "";
  const entities: TelegramEntity[] = [];
  const mark = (type: TelegramEntity["type"], start: number, url?: string) => {
    if (text.length > start)
      entities.push({ type, offset: start, length: text.length - start, ...(url ? { url } : {}) });
  };
  const inline = (nodes: MdInline[]) => {
    for (const n of nodes) {
      const start = text.length;
      if (n.type === "text") text += n.value;
      else if (n.type === "code") {
        text += n.value;
        mark("code", start);
      } else {
        inline(n.children);
        if (n.type === "link") mark("text_link", start, n.href);
        else mark(n.type === "strike" ? "strikethrough" : n.type, start);
      }
    }
  };
  parseMarkdown(source).forEach((b, k) => {
    if (k > 0) text += "\n\n";
    if (b.type === "paragraph") inline(b.children);
    else if (b.type === "codeblock") {
      const start = text.length;
      text += b.value;
      mark("pre", start);
    } else
      b.items.forEach((it, j) => {
        if (j > 0) text += "\n";
        text += `${b.ordered ? `${b.start + j}.` : "•"} `;
        inline(it);
      });
  });
  // Telegram orders entities by offset; an outer entity before the inner ones that start with it.
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text, entities };
}

/** The entities that fall in text[start, end), clipped and shifted to the piece (for chunked sends). */
export function sliceEntities(entities: TelegramEntity[], start: number, end: number): TelegramEntity[] {
  return entities.flatMap((e) => {
    const from = Math.max(e.offset, start);
    const to = Math.min(e.offset + e.length, end);
    return to > from ? [{ ...e, offset: from - start, length: to - from }] : [];
  });
}
