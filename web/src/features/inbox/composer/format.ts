/** Text edits the formatting toolbar and its shortcuts make: pure, so they are easy to test. */
export interface Edit {
  value: string;
  selStart: number;
  selEnd: number;
}

export type Format = "bold" | "italic" | "strike" | "code" | "link" | "bullets" | "numbers";

const MARKERS: Record<"bold" | "italic" | "strike" | "code", [string, string]> = {
  bold: ["**", "**"],
  italic: ["_", "_"],
  strike: ["~~", "~~"],
  code: ["`", "`"],
};

/** Wraps the selection (or a placeholder word, selected) in markers; unwraps when already wrapped. */
function wrap(e: Edit, before: string, after: string, placeholder: string): Edit {
  const { value, selStart: a, selEnd: b } = e;
  if (value.slice(a - before.length, a) === before && value.slice(b, b + after.length) === after)
    return {
      value: value.slice(0, a - before.length) + value.slice(a, b) + value.slice(b + after.length),
      selStart: a - before.length,
      selEnd: b - before.length,
    };
  const inner = value.slice(a, b) || placeholder;
  return {
    value: value.slice(0, a) + before + inner + after + value.slice(b),
    selStart: a + before.length,
    selEnd: a + before.length + inner.length,
  };
}

/** Prefixes each selected line ("- ", "1. "), or removes the prefix when every line has it. */
function prefixLines(e: Edit, ordered: boolean): Edit {
  const { value } = e;
  const start = value.lastIndexOf("\n", e.selStart - 1) + 1;
  const endNl = value.indexOf("\n", e.selEnd);
  const end = endNl === -1 ? value.length : endNl;
  const lines = value.slice(start, end).split("\n");
  const re = ordered ? /^\d+\. / : /^- /;
  const all = lines.every((l) => re.test(l));
  const next = lines.map((l, i) => (all ? l.replace(re, "") : `${ordered ? `${i + 1}. ` : "- "}${l}`)).join("\n");
  return { value: value.slice(0, start) + next + value.slice(end), selStart: start, selEnd: start + next.length };
}

export function applyFormat(e: Edit, f: Format): Edit {
  if (f === "bullets" || f === "numbers") return prefixLines(e, f === "numbers");
  if (f === "link") {
    const label = e.value.slice(e.selStart, e.selEnd);
    const isUrl = /^https?:\/\/\S+$/.test(label);
    const text = isUrl ? `[link](${label})` : `[${label || "text"}](https://)`;
    const value = e.value.slice(0, e.selStart) + text + e.value.slice(e.selEnd);
    // Select what is left to type: the URL for a label, the label for a pasted URL.
    const from = isUrl ? e.selStart + 1 : e.selStart + text.length - 9;
    const to = isUrl ? e.selStart + 5 : e.selStart + text.length - 1;
    return { value, selStart: from, selEnd: to };
  }
  const [before, after] = MARKERS[f];
  return wrap(e, before, after, f === "code" ? "code" : "text");
}

/** Inserts text at the selection, replacing it. */
export function insertText(e: Edit, text: string): Edit {
  const value = e.value.slice(0, e.selStart) + text + e.value.slice(e.selEnd);
  const at = e.selStart + text.length;
  return { value, selStart: at, selEnd: at };
}

/** Ctrl/Cmd+B, I, K (and Shift+X for strikethrough), as in most editors. */
export function formatForKey(e: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}): Format | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const k = e.key.toLowerCase();
  if (!e.shiftKey && k === "b") return "bold";
  if (!e.shiftKey && k === "i") return "italic";
  if (!e.shiftKey && k === "k") return "link";
  if (e.shiftKey && k === "x") return "strike";
  return null;
}
