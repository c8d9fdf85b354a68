import { Fragment, type ReactNode } from "react";

/**
 * A small Markdown preview: headings, paragraphs, lists, quotes, code blocks and inline bold,
 * italic, code and links. It builds React elements (never HTML strings), so an article can hold
 * no script; links open only http(s) and mailto. Enough to check what the AI will read, without a
 * parser library in the bundle.
 */
export function MarkdownPreview({ source }: { source: string }) {
  return <div className="kb-prose flex flex-col gap-3 text-[14px] leading-relaxed">{blocks(source)}</div>;
}

function blocks(src: string): ReactNode[] {
  const lines = src.replace(/\r\n?/g, "\n").split("\n");
  const out: ReactNode[] = [];
  let i = 0;
  let key = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (/^\s*(```|~~~)/.test(line)) {
      const code: string[] = [];
      i++;
      while (i < lines.length && !/^\s*(```|~~~)/.test(lines[i]!)) code.push(lines[i++]!);
      i++;
      out.push(
        <pre key={key++} className="overflow-x-auto rounded-md bg-muted px-3 py-2 font-mono text-[12.5px]">
          {code.join("\n")}
        </pre>,
      );
      continue;
    }
    const h = /^(#{1,6})\s+(.*)$/.exec(line);
    if (h) {
      const level = h[1]!.length;
      const cls =
        level === 1 ? "text-xl font-semibold" : level === 2 ? "text-lg font-semibold" : "text-[15px] font-semibold";
      const Tag = `h${Math.min(level + 1, 6)}` as "h2";
      out.push(
        <Tag key={key++} className={`${cls} mt-2 tracking-tight`}>
          {inline(h[2]!)}
        </Tag>,
      );
      i++;
      continue;
    }
    if (/^\s*([-*+]|\d+[.)])\s+/.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const items: string[] = [];
      while (i < lines.length && /^\s*([-*+]|\d+[.)])\s+/.test(lines[i]!))
        items.push(lines[i++]!.replace(/^\s*([-*+]|\d+[.)])\s+/, ""));
      const List = ordered ? "ol" : "ul";
      out.push(
        <List key={key++} className={`${ordered ? "list-decimal" : "list-disc"} flex flex-col gap-1 pl-5`}>
          {items.map((it, j) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: list items have no identity beyond their place
            <li key={j}>{inline(it)}</li>
          ))}
        </List>,
      );
      continue;
    }
    if (/^>\s?/.test(line)) {
      const quote: string[] = [];
      while (i < lines.length && /^>\s?/.test(lines[i]!)) quote.push(lines[i++]!.replace(/^>\s?/, ""));
      out.push(
        <blockquote key={key++} className="border-l-2 pl-3 text-muted-foreground">
          {inline(quote.join(" "))}
        </blockquote>,
      );
      continue;
    }
    if (!line.trim()) {
      i++;
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i]!.trim() && !/^(#{1,6}\s|\s*([-*+]|\d+[.)])\s|>|\s*```)/.test(lines[i]!))
      para.push(lines[i++]!);
    out.push(<p key={key++}>{inline(para.join(" "))}</p>);
  }
  return out;
}

const INLINE = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\*[^*]+\*|_[^_]+_)|(\[[^\]]+\]\([^)\s]+\))/g;

export function inline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  let key = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.push(<Fragment key={key++}>{text.slice(last, m.index)}</Fragment>);
    const t = m[0];
    if (m[1])
      out.push(
        <code key={key++} className="rounded bg-muted px-1 font-mono text-[0.9em]">
          {t.slice(1, -1)}
        </code>,
      );
    else if (m[2]) out.push(<strong key={key++}>{t.slice(2, -2)}</strong>);
    else if (m[3]) out.push(<em key={key++}>{t.slice(1, -1)}</em>);
    else {
      const link = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(t)!;
      const href = link[2]!;
      out.push(
        /^(https?:|mailto:)/i.test(href) ? (
          <a
            key={key++}
            href={href}
            target="_blank"
            rel="noreferrer noopener"
            className="text-primary underline underline-offset-2"
          >
            {link[1]}
          </a>
        ) : (
          <Fragment key={key++}>{link[1]}</Fragment>
        ),
      );
    }
    last = m.index + t.length;
  }
  if (last < text.length) out.push(<Fragment key={key++}>{text.slice(last)}</Fragment>);
  return out;
}
