import type { FlowBranch, FlowLanguage, FlowTool } from "@switchboard/contracts";

// The editor, the graph and the flow list show the same words: the graph used to print the raw
// enum values (`not_equals`, `not_interested`) that the editor's menus already spell out.
export { outcomeLabel } from "@/features/calls/queries";

export const opLabel: Record<FlowBranch["op"], string> = {
  equals: "equals",
  not_equals: "is not",
  filled: "is filled",
  empty: "is empty",
};

export const languageLabel: Record<FlowLanguage, string> = {
  en: "English",
  "en-IN": "English (India)",
  hi: "Hindi",
};

/** The list endpoints type the language as a string: a code we have no name for shows as itself. */
export const languageName = (l: string) => languageLabel[l as FlowLanguage] ?? l;

/** "consent equals no", "email is filled": a branch's condition in words. */
export const conditionText = (b: Pick<FlowBranch, "field" | "op" | "value">) =>
  b.op === "equals" || b.op === "not_equals"
    ? `${b.field} ${opLabel[b.op]} ${b.value ?? ""}`
    : `${b.field} ${opLabel[b.op]}`;

export const toolLabel: Record<FlowTool, string> = {
  knowledge_search: "Search knowledge",
  transfer: "Transfer",
  book_follow_up: "Book a follow-up",
  send_whatsapp: "Send WhatsApp",
  end_call: "End the call",
};

/** A tool call from the runner names its tool as a string; an unknown one shows as itself. */
export const toolName = (t: string) => toolLabel[t as FlowTool] ?? t;
