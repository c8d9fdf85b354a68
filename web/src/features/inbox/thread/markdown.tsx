import { createContext, Fragment, type ReactNode, useContext } from "react";
import { type MdBlock, type MdInline, parseMarkdown } from "../../../../../contracts/src/markdown";
import { type Mention, withMentions } from "./mentions";

/** A note's stored mentions, highlighted wherever "@Name" appears in its text nodes. */
const MentionsContext = createContext<Mention[] | undefined>(undefined);

function TextNode({ value }: { value: string }) {
  const mentions = useContext(MentionsContext);
  return <>{mentions?.length ? withMentions(value, mentions) : value}</>;
}

/**
 * An agent's Markdown as React elements: the shared tree (contracts/src/markdown.ts) walked into
 * elements, never HTML strings, so nothing typed can become markup. Links are http(s)/mailto only
 * (the parser keeps no other href) and open in a new tab without an opener.
 */
function Inline({ nodes, linkClass }: { nodes: MdInline[]; linkClass?: string }): ReactNode {
  return nodes.map((n, i) => {
    const key = `${i}-${n.type}`;
    switch (n.type) {
      case "text":
        return <Fragment key={key}>{<TextNode value={n.value} />}</Fragment>;
      case "code":
        return (
          <code key={key} className="rounded bg-foreground/10 px-1 py-px font-mono text-[12.5px]">
            {n.value}
          </code>
        );
      case "bold":
        return (
          <strong key={key} className="font-semibold">
            <Inline nodes={n.children} linkClass={linkClass} />
          </strong>
        );
      case "italic":
        return (
          <em key={key}>
            <Inline nodes={n.children} linkClass={linkClass} />
          </em>
        );
      case "strike":
        return (
          <s key={key}>
            <Inline nodes={n.children} linkClass={linkClass} />
          </s>
        );
      default:
        return (
          <a
            key={key}
            href={n.href}
            target="_blank"
            rel="noopener noreferrer"
            className={linkClass ?? "underline underline-offset-2"}
          >
            <Inline nodes={n.children} linkClass={linkClass} />
          </a>
        );
    }
  });
}

function Block({ block, linkClass }: { block: MdBlock; linkClass?: string }) {
  if (block.type === "paragraph")
    return (
      <p>
        <Inline nodes={block.children} linkClass={linkClass} />
      </p>
    );
  if (block.type === "codeblock")
    return (
      <pre className="scrollbar-thin overflow-x-auto rounded-md bg-foreground/10 px-2 py-1.5 font-mono text-[12.5px] whitespace-pre">
        {block.value}
      </pre>
    );
  const items = block.items.map((item, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: items are positional and never reorder
    <li key={i}>
      <Inline nodes={item} linkClass={linkClass} />
    </li>
  ));
  return block.ordered ? (
    <ol start={block.start} className="list-decimal pl-5">
      {items}
    </ol>
  ) : (
    <ul className="list-disc pl-5">{items}</ul>
  );
}

export function Markdown({ text, linkClass, mentions }: { text: string; linkClass?: string; mentions?: Mention[] }) {
  return (
    <MentionsContext.Provider value={mentions}>
      <MarkdownBlocks text={text} linkClass={linkClass} />
    </MentionsContext.Provider>
  );
}

function MarkdownBlocks({ text, linkClass }: { text: string; linkClass?: string }) {
  const blocks = parseMarkdown(text);
  // Most messages are one paragraph: kept inline, so the bubble lays out as plain text did.
  const only = blocks.length === 1 ? blocks[0] : undefined;
  if (only?.type === "paragraph")
    return (
      <span data-testid="markdown">
        <Inline nodes={only.children} linkClass={linkClass} />
      </span>
    );
  return (
    <span data-testid="markdown" className="flex flex-col gap-1.5 whitespace-pre-wrap">
      {blocks.map((b, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: blocks are positional and never reorder
        <Block key={i} block={b} linkClass={linkClass} />
      ))}
    </span>
  );
}
