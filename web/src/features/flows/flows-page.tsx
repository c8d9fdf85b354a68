import type { Flow, FlowBody, FlowStep } from "@switchboard/contracts";
import { flowLanguages } from "@switchboard/contracts";
import { Phone, Plus, Save, Trash2 } from "lucide-react";
import { useEffect, useState } from "react";
import { Link, useLocation, useParams } from "wouter";
import { EmptyState, ErrorState } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { useMe } from "@/features/auth/queries";
import { errorMessage } from "@/lib/api";
import { shortRelative } from "@/lib/time";
import { cn } from "@/lib/utils";
import { FlowGraph } from "./flow-graph";
import { FollowUpEditor } from "./follow-up-editor";
import { languageLabel, languageName } from "./labels";
import { useDeleteFlow, useFlow, useFlows, useSaveFlow } from "./queries";
import { StepEditor } from "./step-editor";
import { TestPanel } from "./test-panel";

const sel = "h-8 rounded-md border bg-background px-2 text-[13px] dark:bg-input/20";

export default function FlowsPage() {
  const params = useParams<{ id?: string }>();
  const list = useFlows();
  const [, navigate] = useLocation();
  const items = list.data?.items ?? [];
  const selected = params.id ?? items[0]?.id ?? null;
  return (
    <div className="flex h-full w-full min-w-0 flex-1">
      <aside className="flex w-64 shrink-0 flex-col border-r">
        <header className="flex items-center gap-2 border-b px-4 py-3">
          <h1 className="mr-auto text-base font-semibold">Call flows</h1>
        </header>
        <nav className="flex-1 overflow-auto p-2" aria-label="Flows">
          {list.isPending ? (
            <div className="space-y-2">
              <Skeleton className="h-12" />
              <Skeleton className="h-12" />
            </div>
          ) : list.isError ? (
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          ) : !items.length ? (
            <EmptyState icon={<Phone />} title="No flows yet" description="An admin can create one." />
          ) : (
            items.map((f) => (
              <Link
                key={f.id}
                href={`/flows/${f.id}`}
                className={cn(
                  "block rounded-md px-3 py-2 text-[13px] hover:bg-accent focus-visible:outline-2",
                  f.id === selected && "bg-accent",
                )}
                aria-current={f.id === selected ? "page" : undefined}
              >
                <span className="block truncate font-medium">{f.name}</span>
                <span className="text-muted-foreground">
                  {f.steps} steps · {languageName(f.language)} · v{f.version} · {shortRelative(f.updatedAt)}
                </span>
              </Link>
            ))
          )}
        </nav>
      </aside>
      <main className="min-w-0 flex-1 overflow-auto">
        {selected ? (
          <FlowDetail key={selected} id={selected} onDeleted={() => navigate("/flows")} />
        ) : list.isPending ? null : (
          <EmptyState className="h-full" icon={<Phone />} title="Pick a flow" />
        )}
      </main>
    </div>
  );
}

function FlowDetail({ id, onDeleted }: { id: string; onDeleted: () => void }) {
  const me = useMe();
  const admin = me.role === "admin";
  const flow = useFlow(id);
  const save = useSaveFlow();
  const del = useDeleteFlow();
  const [draft, setDraft] = useState<Flow | null>(null);
  useEffect(() => {
    if (flow.data) setDraft(flow.data);
  }, [flow.data]);
  if (flow.isPending || (!draft && !flow.isError))
    return (
      <div className="space-y-3 p-4">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-40" />
      </div>
    );
  if (flow.isError || !draft)
    return <ErrorState className="h-full" error={flow.error} onRetry={() => void flow.refetch()} />;
  const set = (patch: Partial<Flow>) => setDraft({ ...draft, ...patch });
  const setStep = (i: number, s: FlowStep) => set({ steps: draft.steps.map((x, j) => (j === i ? s : x)) });
  const dirty = JSON.stringify(draft) !== JSON.stringify(flow.data);
  const { id: _id, version: _v, createdAt: _c, updatedAt: _u, ...body } = draft;
  return (
    <div className="space-y-4 p-4">
      <div className="flex flex-wrap items-center gap-2">
        <Input
          aria-label="Flow name"
          className="w-80 text-base font-semibold"
          value={draft.name}
          readOnly={!admin}
          onChange={(e) => set({ name: e.target.value })}
        />
        <Badge variant="secondary">v{draft.version}</Badge>
        <Badge variant="secondary">
          {draft.engine === "conversation_relay" ? "ConversationRelay" : "Media Streams"}
        </Badge>
        {admin ? (
          <div className="ml-auto flex gap-2">
            <Button
              variant="outline"
              size="sm"
              onClick={() => del.mutate(id, { onSuccess: onDeleted })}
              disabled={del.isPending}
            >
              <Trash2 /> Delete
            </Button>
            <Button
              size="sm"
              onClick={() => save.mutate({ id, body: body as FlowBody })}
              disabled={!dirty || save.isPending}
            >
              <Save /> {save.isPending ? "Saving…" : "Save"}
            </Button>
          </div>
        ) : null}
      </div>
      {save.isError ? (
        <p className="text-[13px] text-destructive" role="alert">
          {errorMessage(save.error)}
        </p>
      ) : null}
      <Tabs defaultValue="steps">
        <TabsList>
          <TabsTrigger value="steps">Steps</TabsTrigger>
          <TabsTrigger value="graph">Graph</TabsTrigger>
          <TabsTrigger value="voice">Voice and limits</TabsTrigger>
          {admin ? <TabsTrigger value="test">Test</TabsTrigger> : null}
        </TabsList>
        <TabsContent value="steps" className="mt-3 space-y-3">
          {draft.steps.map((s, i) => (
            <StepEditor
              // biome-ignore lint/suspicious/noArrayIndexKey: ids are editable
              key={i}
              step={s}
              index={i}
              steps={draft.steps}
              readOnly={!admin}
              onChange={(x) => setStep(i, x)}
              onMove={(d) => {
                const steps = [...draft.steps];
                const [m] = steps.splice(i, 1);
                steps.splice(i + d, 0, m!);
                set({ steps });
              }}
              onRemove={() => set({ steps: draft.steps.filter((_, j) => j !== i) })}
            />
          ))}
          {admin ? (
            <Button
              variant="outline"
              size="sm"
              onClick={() =>
                set({
                  steps: [
                    ...draft.steps,
                    {
                      id: `step_${draft.steps.length + 1}`,
                      name: "New step",
                      goal: "What the agent should do",
                      say: "",
                      fields: [],
                      tools: [],
                      branches: [],
                      next: null,
                      outcome: "interested",
                    },
                  ],
                })
              }
            >
              <Plus /> Step
            </Button>
          ) : null}
        </TabsContent>
        <TabsContent value="graph" className="mt-3">
          <FlowGraph steps={draft.steps} />
        </TabsContent>
        <TabsContent value="voice" className="mt-3">
          <fieldset disabled={!admin} className="grid max-w-3xl gap-3 md:grid-cols-2 text-[13px]">
            <div className="space-y-1 md:col-span-2">
              <label htmlFor="flow-set-1" className="block font-medium">
                Persona
              </label>
              <Textarea
                id="flow-set-1"
                rows={3}
                value={draft.persona}
                onChange={(e) => set({ persona: e.target.value })}
              />
            </div>
            <div className="space-y-1">
              <label htmlFor="flow-set-2" className="block font-medium">
                Language
              </label>
              <select
                id="flow-set-2"
                className={cn(sel, "w-full")}
                value={draft.language}
                onChange={(e) => set({ language: e.target.value as Flow["language"] })}
              >
                {flowLanguages.map((l) => (
                  <option key={l} value={l}>
                    {languageLabel[l]}
                  </option>
                ))}
              </select>
            </div>
            <div className="space-y-1">
              <label htmlFor="flow-set-3" className="block font-medium">
                Voice (ElevenLabs voice id)
              </label>
              <Input id="flow-set-3" value={draft.voice} onChange={(e) => set({ voice: e.target.value })} />
            </div>
            <div className="space-y-1">
              <label htmlFor="flow-set-4" className="block font-medium">
                Interruption sensitivity
              </label>
              <select
                id="flow-set-4"
                className={cn(sel, "w-full")}
                value={draft.interruptionSensitivity}
                onChange={(e) => set({ interruptionSensitivity: e.target.value as Flow["interruptionSensitivity"] })}
              >
                <option value="low">Low</option>
                <option value="medium">Medium</option>
                <option value="high">High</option>
              </select>
            </div>
            <div className="space-y-1">
              <label htmlFor="flow-set-5" className="block font-medium">
                Silence timeout (seconds)
              </label>
              <Input
                id="flow-set-5"
                type="number"
                min={1}
                max={60}
                value={draft.silenceTimeoutSeconds}
                onChange={(e) => set({ silenceTimeoutSeconds: Number(e.target.value) })}
              />
            </div>
            <div className="space-y-1">
              <label htmlFor="flow-set-6" className="block font-medium">
                Maximum call length (seconds)
              </label>
              <Input
                id="flow-set-6"
                type="number"
                min={30}
                max={3600}
                value={draft.maxCallSeconds}
                onChange={(e) => set({ maxCallSeconds: Number(e.target.value) })}
              />
            </div>
            <div className="space-y-1">
              <label htmlFor="flow-set-7" className="block font-medium">
                Transfer number
              </label>
              <Input
                id="flow-set-7"
                value={draft.transferNumber}
                onChange={(e) => set({ transferNumber: e.target.value })}
              />
            </div>
            <div className="space-y-1 md:col-span-2">
              <label htmlFor="flow-set-8" className="block font-medium">
                Voicemail message
              </label>
              <Textarea
                id="flow-set-8"
                rows={2}
                value={draft.voicemailMessage}
                onChange={(e) => set({ voicemailMessage: e.target.value })}
              />
            </div>
            <FollowUpEditor flow={draft} readOnly={!admin} onChange={(followUp) => set({ followUp })} />
          </fieldset>
        </TabsContent>
        {admin ? (
          <TabsContent value="test" className="mt-3">
            {dirty ? (
              <p className="mb-2 text-[13px] text-muted-foreground">
                The test plays the saved version; save to test your changes.
              </p>
            ) : null}
            <TestPanel flowId={id} steps={draft.steps} />
          </TabsContent>
        ) : null}
      </Tabs>
    </div>
  );
}
