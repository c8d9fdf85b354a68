import type { AiMessageMeta, Message } from "@switchboard/contracts";
import { Lock, UserRoundCheck } from "lucide-react";
import { Tooltip } from "@/components/ui/tooltip";
import { clockTime, fullTime } from "@/lib/time";
import { SourceChip } from "./ai-citations";
import { ruleLabel } from "./ai-meta";

/**
 * The AI's private handoff note (metadata.ai.kind "handoff"): why it passed the conversation to a
 * person, the rule it followed and a summary, so whoever picks it up need not reread the thread.
 */
export function HandoffNote({ message: m, meta }: { message: Message; meta: AiMessageMeta }) {
  return (
    <div data-testid="handoff-note" data-message-id={m.id} className="mx-5 my-3 flex justify-center">
      <section
        aria-label="AI handoff note"
        className="w-full max-w-[560px] rounded-xl border border-violet-200 border-l-4 border-l-violet-500 bg-card p-3 text-[13px] shadow-xs dark:border-violet-500/30 dark:border-l-violet-400"
      >
        <header className="flex items-center gap-2">
          <span className="flex size-6 items-center justify-center rounded-full bg-violet-100 text-violet-600 dark:bg-violet-500/20 dark:text-violet-300">
            <UserRoundCheck className="size-3.5" />
          </span>
          <span className="font-semibold">AI handed off to a person</span>
          <span className="rounded bg-violet-100 px-1.5 py-0.5 font-mono text-[10.5px] text-violet-700 dark:bg-violet-500/20 dark:text-violet-300">
            {ruleLabel(meta.rule)}
          </span>
          <span className="ml-auto inline-flex items-center gap-1 text-[11px] text-amber-700 dark:text-amber-400">
            <Lock className="size-3" /> Private
          </span>
          <Tooltip content={fullTime(m.createdAt)}>
            <time dateTime={m.createdAt} tabIndex={-1} className="text-[11px] tabular-nums text-muted-foreground">
              {clockTime(m.createdAt)}
            </time>
          </Tooltip>
        </header>
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
          <dt className="text-muted-foreground">Reason</dt>
          <dd data-testid="handoff-reason">{meta.reason || m.content || "—"}</dd>
          {meta.summary ? (
            <>
              <dt className="text-muted-foreground">Summary</dt>
              <dd data-testid="handoff-summary" className="whitespace-pre-wrap">
                {meta.summary}
              </dd>
            </>
          ) : null}
        </dl>
        {meta.sources.length > 0 ? (
          <div className="mt-2 flex flex-wrap gap-1">
            {meta.sources.map((s) => (
              <SourceChip key={s.chunkId} source={s} />
            ))}
          </div>
        ) : null}
      </section>
    </div>
  );
}
