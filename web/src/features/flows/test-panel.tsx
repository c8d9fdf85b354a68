import type { FlowStep, FlowTestResult } from "@switchboard/contracts";
import { RotateCw, Send } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { errorMessage } from "@/lib/api";
import { cn } from "@/lib/utils";
import { outcomeLabel, toolName } from "./labels";
import { useFlowTest } from "./queries";

/** Play the flow by typing as the callee: the same runner a call uses (POST /api/flows/:id/test). */
export function TestPanel({ flowId, steps = [] }: { flowId: string; steps?: FlowStep[] }) {
  const test = useFlowTest(flowId);
  const [brain, setBrain] = useState<"auto" | "scripted" | "llm">("scripted");
  const [run, setRun] = useState<FlowTestResult | null>(null);
  const [text, setText] = useState("");
  const bottom = useRef<HTMLDivElement>(null);
  const turns = run?.turns ?? [];
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the transcript grows
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: "end" });
  }, [turns.length]);

  const start = () => test.mutate({ brain }, { onSuccess: setRun });
  const send = () => {
    if (!run || !text.trim()) return;
    test.mutate({ sessionId: run.sessionId, text, brain }, { onSuccess: (r) => (setRun(r), setText("")) });
  };
  return (
    <div className="grid min-h-0 gap-3 lg:grid-cols-[minmax(0,1fr)_260px]" data-testid="flow-test-panel">
      {/* Capped to the window so a long test call scrolls inside and the callee's box stays in view. */}
      <div className="flex max-h-[calc(100vh-12rem)] min-h-[360px] flex-col rounded-md border bg-card">
        <div className="flex items-center gap-2 border-b px-3 py-2">
          <label className="text-[13px] text-muted-foreground" htmlFor="flow-brain">
            Brain
          </label>
          <select
            id="flow-brain"
            className="h-8 rounded-md border bg-background px-2 text-[13px] dark:bg-input/20"
            value={brain}
            onChange={(e) => setBrain(e.target.value as typeof brain)}
          >
            <option value="scripted">Scripted (no model)</option>
            <option value="auto">AI settings' model</option>
            <option value="llm">Language model only</option>
          </select>
          <Button size="sm" variant="outline" className="ml-auto" onClick={start} disabled={test.isPending}>
            <RotateCw /> {run ? "Restart call" : "Start test call"}
          </Button>
        </div>
        <div className="flex-1 space-y-2 overflow-auto p-3" aria-live="polite">
          {!run ? (
            <p className="py-10 text-center text-[13px] text-muted-foreground">
              Start a test call: the agent speaks first, then type what the callee says.
            </p>
          ) : null}
          {turns.map((t) => (
            <div key={t.seq} className={cn("flex", t.role === "callee" ? "justify-end" : "justify-start")}>
              <div
                className={cn(
                  "max-w-[80%] rounded-lg px-3 py-2 text-[13px]",
                  t.role === "callee" ? "bg-primary text-primary-foreground" : "bg-secondary",
                )}
              >
                {t.text}
                {t.filler ? <span className="ml-1 text-[11px] opacity-70">(filler)</span> : null}
              </div>
            </div>
          ))}
          {run?.ended ? (
            <p className="text-center text-[13px] text-muted-foreground">
              Call ended: <strong>{run.outcome ? outcomeLabel[run.outcome] : "no outcome"}</strong>
            </p>
          ) : null}
          {test.isError ? <p className="text-[13px] text-destructive">{errorMessage(test.error)}</p> : null}
          <div ref={bottom} />
        </div>
        <form
          className="flex gap-2 border-t p-2"
          onSubmit={(e) => {
            e.preventDefault();
            send();
          }}
        >
          <Input
            aria-label="What the callee says"
            placeholder={run?.ended ? "The call has ended" : "Type as the callee…"}
            value={text}
            onChange={(e) => setText(e.target.value)}
            disabled={!run || run.ended || test.isPending}
          />
          <Button type="submit" size="sm" disabled={!run || run.ended || test.isPending || !text.trim()}>
            <Send /> Say
          </Button>
        </form>
      </div>
      <aside className="space-y-3 rounded-md border bg-card p-3 text-[13px]">
        <div>
          <p className="font-medium">Step</p>
          {/* The step's name, as the editor shows it; its id only when the draft no longer has it. */}
          <p className="text-muted-foreground" data-testid="flow-test-step">
            {run?.stepId ? (steps.find((s) => s.id === run.stepId)?.name ?? run.stepId) : run?.ended ? "Ended" : "—"}
          </p>
        </div>
        <div>
          <p className="font-medium">Collected</p>
          {run && Object.keys(run.fields).length ? (
            <dl className="mt-1 space-y-1">
              {Object.entries(run.fields).map(([k, v]) => (
                <div key={k} className="flex justify-between gap-2">
                  <dt className="text-muted-foreground">{k}</dt>
                  <dd className="truncate text-right">{String(v)}</dd>
                </div>
              ))}
            </dl>
          ) : (
            <p className="text-muted-foreground">Nothing yet</p>
          )}
        </div>
        <div>
          <p className="font-medium">Tool calls</p>
          <div className="mt-1 flex flex-wrap gap-1">
            {run?.toolCalls.length ? (
              run.toolCalls.map((t, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: calls are append-only
                <Badge key={i} variant="secondary">
                  {toolName(t.name)}
                </Badge>
              ))
            ) : (
              <span className="text-muted-foreground">None</span>
            )}
          </div>
        </div>
        {run?.summary ? (
          <div>
            <p className="font-medium">Summary</p>
            <p className="text-muted-foreground">{run.summary}</p>
          </div>
        ) : null}
      </aside>
    </div>
  );
}
