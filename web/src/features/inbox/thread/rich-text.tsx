import { Fragment } from "react";
import { type Mention, withMentions } from "./mentions";

const URL_RE = /(https?:\/\/[^\s<>"')\]]+[^\s<>"')\].,;:!?])/g;

/** Plain text with clickable links; line breaks preserved by the container (whitespace-pre-wrap). */
export function RichText({ text, linkClass, mentions }: { text: string; linkClass?: string; mentions?: Mention[] }) {
  const parts: { at: number; text: string; link: boolean }[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    const at = match.index ?? 0;
    if (at > last) parts.push({ at: last, text: text.slice(last, at), link: false });
    parts.push({ at, text: match[0], link: true });
    last = at + match[0].length;
  }
  if (last < text.length) parts.push({ at: last, text: text.slice(last), link: false });
  return (
    <>
      {parts.map((p) =>
        p.link ? (
          <a
            key={p.at}
            href={p.text}
            target="_blank"
            rel="noreferrer noopener"
            className={linkClass ?? "underline underline-offset-2"}
          >
            {p.text}
          </a>
        ) : (
          <Fragment key={p.at}>{mentions ? withMentions(p.text, mentions) : p.text}</Fragment>
        ),
      )}
    </>
  );
}
