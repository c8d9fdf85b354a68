/** A trigger being typed: "/" for canned responses, "@" for teammates (in notes). */
export interface Trigger {
  char: string;
  /** What follows the trigger character up to the caret. */
  query: string;
  /** Where the trigger character is, and where the token ends (the caret). */
  start: number;
  end: number;
}

// What a token may contain: "/refund-policy", "@dana.r". A space ends it (the menu closes).
const TOKEN = /^[\p{L}\p{N}_.-]*$/u;

/**
 * The trigger the caret is in, if any: the character must start the text or follow whitespace, so
 * "and/or", an email address or a URL never opens a menu.
 */
export function findTrigger(value: string, caret: number, chars: readonly string[]): Trigger | null {
  const before = value.slice(0, caret);
  for (let i = before.length - 1; i >= 0 && i >= before.length - 40; i--) {
    const ch = before[i] as string;
    if (chars.includes(ch)) {
      if (i > 0 && !/\s/.test(before[i - 1] as string)) return null;
      const query = before.slice(i + 1);
      return TOKEN.test(query) ? { char: ch, query, start: i, end: caret } : null;
    }
    if (/\s/.test(ch)) return null;
  }
  return null;
}

/** Replaces the trigger token with `text`, returning the new value and where the caret goes. */
export function replaceTrigger(value: string, t: Trigger, text: string): { value: string; caret: number } {
  const next = value.slice(0, t.start) + text + value.slice(t.end);
  return { value: next, caret: t.start + text.length };
}
