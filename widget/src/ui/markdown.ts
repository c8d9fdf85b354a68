import { type MdBlock, type MdInline, parseMarkdown } from "../../../contracts/src/markdown";
import { h } from "./dom";

/**
 * An agent's Markdown as DOM nodes, from the tree the console and the channel converters share.
 * Built with createElement and text nodes only (never innerHTML), so nothing an agent types can
 * become markup; links are http(s)/mailto only (the parser keeps no other href) and open without an
 * opener. Customer text does not come here: it stays plain text with links (format.ts linkify).
 */
function inline(nodes: MdInline[]): Node[] {
  return nodes.map((n) => {
    if (n.type === "text") return document.createTextNode(n.value);
    if (n.type === "code") return h("code", {}, n.value);
    if (n.type === "link")
      return h("a", { href: n.href, target: "_blank", rel: "noopener noreferrer" }, ...inline(n.children));
    return h(n.type === "bold" ? "strong" : n.type === "italic" ? "em" : "s", {}, ...inline(n.children));
  });
}

function block(b: MdBlock): Node {
  if (b.type === "paragraph") return h("p", {}, ...inline(b.children));
  if (b.type === "codeblock") return h("pre", {}, b.value);
  const items = b.items.map((it) => h("li", {}, ...inline(it)));
  return b.ordered ? h("ol", { start: b.start }, ...items) : h("ul", {}, ...items);
}

export function markdownNodes(text: string): Node[] {
  const blocks = parseMarkdown(text);
  // One paragraph (most messages) stays inline in the bubble, exactly as plain text did.
  const only = blocks.length === 1 ? blocks[0] : undefined;
  return only?.type === "paragraph" ? inline(only.children) : blocks.map(block);
}
