import { Fragment, type ReactNode } from "react";
import type { Message } from "@/lib/types";

export interface Mention {
  id: string;
  name: string;
}

/** The teammates a note mentions (`metadata.mentions`, written by the server), or none. */
export function mentionsOf(m: Pick<Message, "metadata">): Mention[] {
  const raw = m.metadata?.mentions;
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (x): x is Mention => typeof x === "object" && x !== null && typeof x.id === "string" && typeof x.name === "string",
  );
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Highlights "@Name" where Name is one of the note's mentions (longest names first, so "@Sam Lee"
 * wins over "@Sam"). Only the stored mentions are highlighted: an "@" someone typed is left as text.
 * Returns plain text when there is nothing to highlight, so any renderer (the Markdown one too) can
 * call it on its text runs.
 */
export function withMentions(text: string, mentions: Mention[], meId?: string): ReactNode {
  if (!mentions.length || !text.includes("@")) return text;
  const names = [...mentions].sort((a, b) => b.name.length - a.name.length);
  const re = new RegExp(`@(${names.map((m) => escapeRe(m.name)).join("|")})(?![\\p{L}\\p{N}_])`, "gu");
  const out: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(re)) {
    const at = match.index ?? 0;
    if (at > last) out.push(<Fragment key={`t${last}`}>{text.slice(last, at)}</Fragment>);
    const who = names.find((m) => m.name === match[1]);
    out.push(
      <span
        key={`m${at}`}
        data-testid="mention"
        data-user-id={who?.id}
        className={
          who?.id && who.id === meId
            ? "rounded bg-amber-200/80 px-0.5 font-semibold text-amber-950 dark:bg-amber-400/30 dark:text-amber-100"
            : "rounded bg-primary/10 px-0.5 font-semibold text-primary dark:bg-primary/20"
        }
      >
        {match[0]}
      </span>,
    );
    last = at + match[0].length;
  }
  if (!out.length) return text;
  if (last < text.length) out.push(<Fragment key={`t${last}`}>{text.slice(last)}</Fragment>);
  return out;
}
