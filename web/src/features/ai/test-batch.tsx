import { AI_BATCH_MAX, type AiTestBatchResult, type UpdateAiSettingsBody } from "@switchboard/contracts";
import { Copy, Download, ListChecks, Play, Square } from "lucide-react";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { EmptyState, ErrorState } from "@/components/states";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage } from "@/lib/api";
import { cn } from "@/lib/utils";
import { batchCsv, parseQuestions } from "./test-csv";
import { testBatch } from "./test-queries";
import { ActionBadge, plainText } from "./test-result";

type Item = AiTestBatchResult["items"][number];
/** Questions per request: small enough that the progress moves, large enough to keep the server busy. */
const CHUNK = 5;

/** Paste up to 50 questions (one per line), see each answer and whether it would hand off; copy or export CSV. */
export function BatchTest({ settings }: { settings?: UpdateAiSettingsBody }) {
  const [text, setText] = useState("");
  const [items, setItems] = useState<Item[]>([]);
  const [total, setTotal] = useState(0);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);
  const questions = parseQuestions(text);
  const tooMany = questions.length > AI_BATCH_MAX;

  const run = async () => {
    const list = questions.slice(0, AI_BATCH_MAX);
    const ctl = new AbortController();
    abort.current = ctl;
    setItems([]);
    setTotal(list.length);
    setError(null);
    setRunning(true);
    try {
      for (let i = 0; i < list.length; i += CHUNK) {
        const res = await testBatch(list.slice(i, i + CHUNK), settings, ctl.signal);
        setItems((prev) => [...prev, ...res.items]);
      }
    } catch (err) {
      if (!(err instanceof DOMException && err.name === "AbortError")) setError(err);
    } finally {
      setRunning(false);
      abort.current = null;
    }
  };

  const done = items.length;
  const answered = items.filter((i) => i.result?.action === "answer").length;
  const handoff = items.filter((i) => i.result?.action === "handoff").length;
  const offered = items.filter((i) => i.result?.action === "offer_human").length;
  const failed = items.filter((i) => i.error).length;

  const exportCsv = () => {
    const url = URL.createObjectURL(new Blob([batchCsv(items)], { type: "text/csv;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `ai-batch-test-${new Date().toISOString().slice(0, 10)}.csv`;
    a.click();
    URL.revokeObjectURL(url);
  };
  const copy = () =>
    navigator.clipboard
      .writeText(batchCsv(items))
      .then(() => toast.success("Results copied as CSV"))
      .catch((err) => toast.error(`Couldn't copy: ${errorMessage(err)}`));

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-col gap-1.5">
        <Textarea
          aria-label="Questions, one per line"
          placeholder={"How long does a refund take?\nDo you ship to Canada?\nI want to talk to a person"}
          rows={5}
          value={text}
          onChange={(e) => setText(e.target.value)}
          disabled={running}
          className="font-mono text-[12.5px]"
        />
        <div className="flex items-center gap-2 text-[12px] text-muted-foreground">
          <span className={cn(tooMany && "font-medium text-destructive")} data-testid="batch-count">
            {questions.length} / {AI_BATCH_MAX} questions{tooMany ? ` — only the first ${AI_BATCH_MAX} run` : ""}
          </span>
          <span className="ml-auto flex gap-2">
            {running ? (
              <Button variant="outline" size="sm" onClick={() => abort.current?.abort()}>
                <Square /> Stop
              </Button>
            ) : null}
            <Button size="sm" disabled={questions.length === 0 || running} onClick={() => void run()}>
              {running ? <Spinner /> : <Play />} Run {Math.min(questions.length, AI_BATCH_MAX) || ""} questions
            </Button>
          </span>
        </div>
      </div>

      {total > 0 ? (
        <div className="flex flex-col gap-1.5" data-testid="batch-progress">
          <div
            role="progressbar"
            aria-label="Batch progress"
            aria-valuemin={0}
            aria-valuemax={total}
            aria-valuenow={done}
            className="h-1.5 overflow-hidden rounded-full bg-secondary"
          >
            <div className="h-full bg-violet-500 transition-[width]" style={{ width: `${(done / total) * 100}%` }} />
          </div>
          <div className="flex flex-wrap items-center gap-3 text-[12px] text-muted-foreground">
            <span className="tabular-nums">
              {done} / {total} tried
            </span>
            <span data-testid="batch-answered" className="text-emerald-700 dark:text-emerald-400">
              {answered} answered
            </span>
            {offered ? <span>{offered} offer a person</span> : null}
            <span data-testid="batch-handoff" className="text-amber-700 dark:text-amber-400">
              {handoff} would hand off
            </span>
            {failed ? <span className="text-destructive">{failed} failed</span> : null}
            {!running && done > 0 ? (
              <span className="ml-auto flex gap-1">
                <Button variant="ghost" size="sm" onClick={copy}>
                  <Copy /> Copy
                </Button>
                <Button variant="outline" size="sm" onClick={exportCsv}>
                  <Download /> Export CSV
                </Button>
              </span>
            ) : null}
          </div>
        </div>
      ) : null}

      {error ? (
        <ErrorState error={error} title="The batch stopped" onRetry={() => void run()} className="py-6" />
      ) : null}

      {items.length > 0 ? (
        <div className="overflow-x-auto rounded-lg border">
          <table className="w-full table-fixed text-left text-[12.5px]" data-testid="batch-results">
            <thead className="bg-secondary/60 text-[11.5px] text-muted-foreground">
              <tr>
                <th className="w-8 px-2 py-1.5 font-medium">#</th>
                <th className="w-[30%] px-2 py-1.5 font-medium">Question</th>
                <th className="w-32 px-2 py-1.5 font-medium">Decision</th>
                <th className="px-2 py-1.5 font-medium">Answer / reason</th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {items.map((i, n) => (
                <tr
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are the batch in order and never move
                  key={n}
                  data-testid="batch-row"
                  data-handoff={i.result?.action === "handoff" || undefined}
                  className={cn("align-top", i.result?.action === "handoff" && "bg-amber-500/5")}
                >
                  <td className="px-2 py-1.5 tabular-nums text-muted-foreground">{n + 1}</td>
                  <td className="px-2 py-1.5 break-words">{i.question}</td>
                  <td className="px-2 py-1.5">
                    {i.result ? (
                      <span className="flex flex-col items-start gap-1">
                        <ActionBadge action={i.result.action} would />
                        <span className="font-mono text-[10.5px] text-muted-foreground">
                          {i.result.rule.replaceAll("_", " ")}
                        </span>
                      </span>
                    ) : (
                      <span className="text-destructive">Failed</span>
                    )}
                  </td>
                  <td className="px-2 py-1.5 text-muted-foreground">
                    <span className="line-clamp-3 break-words text-foreground/90">
                      {i.error ?? (i.result?.answer ? plainText(i.result.answer) : i.result?.reason)}
                    </span>
                    {i.result?.sources.length ? (
                      <span className="mt-0.5 block truncate text-[11px]">
                        {i.result.sources.map((s) => s.title).join(" · ")}
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
              {running ? (
                <tr>
                  <td colSpan={4} className="px-2 py-2 text-muted-foreground">
                    <span className="inline-flex items-center gap-2">
                      <Spinner /> Trying the next questions…
                    </span>
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      ) : total === 0 ? (
        <EmptyState
          icon={<ListChecks />}
          title="Paste your customers' real questions"
          description={`Up to ${AI_BATCH_MAX}, one per line: see which the AI answers and which it would hand to your team.`}
          className="py-6"
        />
      ) : running ? (
        <div className="flex items-center gap-2 py-4 text-[13px] text-muted-foreground" aria-busy="true">
          <Spinner /> Trying the first questions…
        </div>
      ) : null}
    </div>
  );
}
