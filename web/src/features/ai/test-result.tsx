import type { AiTestResult } from "@switchboard/contracts";
import { BookOpen, Bot, Clock, UserRound, UserRoundCheck } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { SourceChip } from "@/features/inbox/thread/ai-citations";
import { ruleLabel } from "@/features/inbox/thread/ai-meta";
import { MarkdownPreview } from "@/features/knowledge/markdown";

export const actionLabel: Record<AiTestResult["action"], string> = {
  answer: "Answers",
  offer_human: "Offers a person",
  handoff: "Hands off",
};
const wouldLabel: Record<AiTestResult["action"], string> = {
  answer: "Would answer",
  offer_human: "Would offer a person",
  handoff: "Would hand off",
};

export function ActionBadge({ action, would }: { action: AiTestResult["action"]; would?: boolean }) {
  const variant = action === "answer" ? "success" : action === "handoff" ? "warning" : "info";
  const Icon = action === "answer" ? Bot : action === "handoff" ? UserRoundCheck : UserRound;
  return (
    <Badge variant={variant} data-testid="test-action">
      <Icon /> {(would ? wouldLabel : actionLabel)[action]}
    </Badge>
  );
}

/** One tried question: what the customer would read, from which knowledge, and why the AI decided so. */
export function TestResult({ result: r }: { result: AiTestResult }) {
  return (
    <div data-testid="test-result" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <ActionBadge action={r.action} />
        <span className="rounded bg-secondary px-1.5 py-0.5 font-mono text-[11px] text-muted-foreground">
          {ruleLabel(r.rule)}
        </span>
        {r.confidence !== null ? (
          <span className="text-[12px] text-muted-foreground tabular-nums">
            {Math.round(r.confidence * 100)} % confident
          </span>
        ) : null}
        <span className="ml-auto inline-flex items-center gap-1 text-[11.5px] text-muted-foreground">
          {r.provider === "matcher" ? "Answer matcher" : r.provider}
          {r.model ? ` · ${r.model}` : ""}
          <Clock className="ml-1 size-3" />
          <span className="tabular-nums">{r.latencyMs} ms</span>
        </span>
      </div>
      <p className="text-[13px] text-muted-foreground" data-testid="test-reason">
        {r.reason}
      </p>
      {r.answer ? (
        <div className="rounded-lg border border-violet-200 bg-violet-50 px-3.5 py-3 dark:border-violet-500/30 dark:bg-violet-500/10">
          <p className="mb-1.5 inline-flex items-center gap-1 text-[11px] font-semibold text-violet-700 dark:text-violet-300">
            <Bot className="size-3" /> The customer would read
          </p>
          <div data-testid="test-answer">
            <MarkdownPreview source={r.answer} />
          </div>
        </div>
      ) : (
        <p className="rounded-lg border border-dashed px-3.5 py-3 text-[13px] text-muted-foreground">
          No answer: the customer gets the handoff message and the conversation goes to your team
          {r.summary ? `, with this summary: “${r.summary}”` : "."}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-1">
        <span className="inline-flex items-center gap-1 text-[11.5px] text-muted-foreground">
          <BookOpen className="size-3" /> {r.sources.length ? "Sources" : "No knowledge used"}
        </span>
        {r.sources.map((s) => (
          <SourceChip key={s.chunkId} source={s} />
        ))}
      </div>
    </div>
  );
}

/** Markdown as plain words, for one-line previews (the table shows text, not formatting marks). */
export function plainText(md: string): string {
  return md
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, "")
    .replace(/(\*\*|__|\*|_|~~|`)/g, "")
    .replace(/\s+/g, " ")
    .trim();
}
