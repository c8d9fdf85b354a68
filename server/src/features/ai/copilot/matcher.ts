import type { CopilotEvent } from "@switchboard/contracts";
import type { AppContext } from "../../../platform/context";
import { searchKnowledge } from "../../knowledge";
import { lastCustomerText, type ThreadLine } from "./thread";

/** The answer matcher's suggestion: the top knowledge matches for the customer's last messages, as drafts. */
export async function* matcherSuggest(ctx: AppContext, lines: ThreadLine[]): AsyncGenerator<CopilotEvent> {
  const question = lastCustomerText(lines);
  const { results } = question ? await searchKnowledge(ctx.db, { query: question, limit: 3 }) : { results: [] };
  if (!results.length) {
    yield {
      type: "error",
      message: "Nothing in the knowledge base matches the customer's last message.",
      rule: "no_match",
    };
    return;
  }
  yield { type: "sources", sources: results.map((r) => ({ title: r.source.title, chunkId: r.chunkId })) };
  for (const r of results)
    yield {
      type: "draft",
      text: r.content.trim(),
      title: r.heading ? `${r.source.title} — ${r.heading}` : r.source.title,
    };
}

const firstSentence = (s: string, max = 220) => {
  const one = s.replace(/\s+/g, " ").trim();
  const m = /^(.{20,}?[.!?])(\s|$)/.exec(one);
  const cut = m ? m[1]! : one;
  return cut.length > max ? `${cut.slice(0, max - 1)}…` : cut;
};

const clip = (s: string, max: number) => {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
};

/**
 * An extractive summary (no model): sentences taken as written — what the customer first asked, what
 * they said since, and the team's last answer. The console labels it as extractive.
 */
export function extractiveSummary(lines: ThreadLine[]): string {
  const customer = lines.filter((l) => l.role === "customer");
  const team = lines.filter((l) => l.role !== "customer");
  const out: string[] = [];
  // The customer's words matter most: their first message whole (clipped), the later ones' first sentence.
  if (customer[0]) out.push(`• Customer asked: “${clip(customer[0].content, 300)}”`);
  for (const c of customer.slice(1).slice(-3)) out.push(`• Then: “${firstSentence(c.content)}”`);
  const last = team.at(-1);
  if (last) out.push(`• Last reply (${last.role === "ai" ? "AI" : "team"}): “${firstSentence(last.content)}”`);
  else out.push("• No reply from the team yet.");
  out.push(`• ${customer.length} customer message${customer.length === 1 ? "" : "s"}, ${team.length} from the team.`);
  return out.join("\n");
}
