import {
  type CreateTicketToolArgs,
  createTicketToolArgs,
  type HandoffArgs,
  handoffArgsSchema,
} from "@switchboard/contracts";
import { tool } from "ai";
import { z } from "zod";
import type { BrainInput } from "../brain";
import { formatChunks, type KnowledgeLedger } from "./prompt";

/** Contact fields the model may set: the basic ones and snake_case attributes. Nothing else (no owner, no labels). */
const SAFE_FIELDS = new Set(["name", "email", "phone"]);
const ATTRIBUTE_KEY = /^[a-z][a-z0-9_]{0,39}$/;
export function allowedContactField(field: string): boolean {
  return SAFE_FIELDS.has(field) || ATTRIBUTE_KEY.test(field);
}

/** What the tools collected during one turn (the brain turns it into the BrainTurn). */
export interface ToolState {
  handoff: HandoffArgs | null;
  contactFields: Record<string, string>;
  searches: string[];
  /** create_ticket: the ticket to open for this conversation (one per turn), created after the turn is recorded. */
  ticket: CreateTicketToolArgs | null;
}

export function brainTools(input: BrainInput, ledger: KnowledgeLedger, state: ToolState) {
  return {
    search_knowledge: tool({
      description:
        "Search the team's knowledge base. Use it when the knowledge in your instructions does not answer the question. Returns numbered chunks you may cite.",
      inputSchema: z.object({
        query: z.string().min(1).max(300).describe("What to look for, in the customer's words"),
      }),
      execute: async ({ query }) => {
        state.searches.push(query);
        const hits = await input.search(query);
        return formatChunks(ledger.add(hits.slice(0, 5)));
      },
    }),
    handoff_to_human: tool({
      description:
        "Pass the conversation to a person from the team: when the customer asks for a human, is upset, or you cannot help from the knowledge. The team gets your reason and summary.",
      inputSchema: handoffArgsSchema,
      execute: async (args) => {
        state.handoff = handoffArgsSchema.parse(args);
        return "A person from the team will take over. Do not write anything more.";
      },
    }),
    create_ticket: tool({
      description:
        "Open a ticket for the team when the customer needs follow-up work that cannot be finished in this chat (a bug, a lost parcel, a refund to investigate). The team sees your subject, priority and summary; the ticket is linked to this conversation.",
      inputSchema: createTicketToolArgs,
      execute: async (args) => {
        if (state.ticket) return "A ticket is already being opened for this conversation in this turn.";
        state.ticket = createTicketToolArgs.parse(args);
        return "A ticket will be opened for the team. Tell the customer the team has a ticket for it; do not promise when or how they will hear back.";
      },
    }),
    set_contact_field: tool({
      description:
        "Record something the customer told you about themselves: name, email, phone, or a short snake_case attribute such as order_number.",
      inputSchema: z.object({
        field: z.string().min(1).max(40).describe("name, email, phone, or a snake_case attribute key"),
        value: z.string().min(1).max(500),
      }),
      execute: async ({ field, value }) => {
        if (!allowedContactField(field)) return `Not allowed: ${field}. Use name, email, phone or a snake_case key.`;
        if (field === "email" && !z.email().safeParse(value).success) return "That is not an email address.";
        state.contactFields[field] = value.trim();
        return "Saved.";
      },
    }),
  };
}
