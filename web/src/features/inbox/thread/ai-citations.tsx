import type { AiMessageMeta, AiSource, Message } from "@switchboard/contracts";
import { BookOpen, FileText, Info, MessageCircleQuestion } from "lucide-react";
import { Link } from "wouter";
import { Tooltip } from "@/components/ui/tooltip";
import { cn } from "@/lib/utils";
import { AiFeedback, useConversationAi } from "./ai-feedback";
import { ruleLabel, sourceHref } from "./ai-meta";

/** One knowledge source an AI answer used: title › heading, opening the article or Q&A in /knowledge. */
export function SourceChip({ source: s, className }: { source: AiSource; className?: string }) {
  const Icon = s.sourceType === "qa" ? MessageCircleQuestion : FileText;
  const label = s.heading && s.heading !== s.title ? `${s.title} › ${s.heading}` : s.title;
  return (
    <Tooltip
      content={
        <span className="flex flex-col">
          <span className="font-medium">{label}</span>
          <span>
            {s.sourceType === "qa" ? "Q&A" : "Article"} · relevance {s.score.toFixed(4)}
          </span>
        </span>
      }
    >
      <Link
        href={sourceHref(s)}
        data-testid="ai-source"
        className={cn(
          "inline-flex max-w-64 items-center gap-1 rounded-md border bg-background px-1.5 py-0.5 text-[11.5px] text-foreground/80 hover:border-violet-300 hover:text-foreground dark:bg-input/20 dark:hover:border-violet-500/50",
          className,
        )}
      >
        <Icon className="size-3 shrink-0 text-violet-500 dark:text-violet-300" />
        <span className="truncate">{label}</span>
      </Link>
    </Tooltip>
  );
}

const confidenceLabel = (c: number | null) => (c === null ? null : `${Math.round(c * 100)} % confident`);

/**
 * Under an AI message: the knowledge it answered from (citations), the rule it followed and how
 * confident it was, and "Mark wrong" for agents.
 */
export function AiMessageDetails({ message, meta }: { message: Message; meta: AiMessageMeta }) {
  const review = useConversationAi(message.conversationId, !message.id.startsWith("temp-"));
  const feedback = review.data?.feedback.find((f) => f.messageId === message.id);
  const why = [
    meta.reason,
    [meta.provider === "matcher" ? "Answer matcher" : meta.provider, meta.model].filter(Boolean).join(" · "),
  ]
    .filter(Boolean)
    .join(" — ");
  return (
    <div data-testid="ai-details" className="flex max-w-full flex-col items-end gap-1">
      {meta.sources.length > 0 ? (
        <div className="flex flex-wrap justify-end gap-1" data-testid="ai-sources">
          <span className="inline-flex items-center gap-1 text-[11px] text-muted-foreground">
            <BookOpen className="size-3" /> Sources
          </span>
          {meta.sources.map((s) => (
            <SourceChip key={s.chunkId} source={s} />
          ))}
        </div>
      ) : null}
      <div className="flex flex-wrap items-center justify-end gap-1.5 text-[11px] text-muted-foreground">
        <Tooltip content={why || null}>
          <button type="button" data-testid="ai-rule" className="inline-flex cursor-default items-center gap-1">
            <Info className="size-3" />
            {ruleLabel(meta.rule) || "answer"}
            {confidenceLabel(meta.confidence) ? ` · ${confidenceLabel(meta.confidence)}` : ""}
          </button>
        </Tooltip>
        <AiFeedback conversationId={message.conversationId} messageId={message.id} feedback={feedback} />
      </div>
    </div>
  );
}
