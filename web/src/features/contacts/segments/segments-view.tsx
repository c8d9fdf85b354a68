import type { SegmentCondition, SegmentDefinition } from "@switchboard/contracts";
import { Filter, Plus, Trash2 } from "lucide-react";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { EmptyState, ErrorState } from "@/components/states";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { useLabels } from "@/features/labels/queries";
import { errorMessage } from "@/lib/api";
import { cn } from "@/lib/utils";
import { ConfirmDialog } from "../confirm-dialog";
import { useContactFields } from "../import/queries";
import { ConditionRow, conditionKinds, newCondition } from "./condition-row";
import { useDeleteSegment, useSaveSegment, useSegmentCount, useSegments } from "./queries";

type Draft = { id?: string; name: string; definition: SegmentDefinition };
const blank = (): Draft => ({ name: "", definition: { match: "all", conditions: [] } });

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** Saved segments on the left, the builder with its live count and sample on the right. */
export function SegmentsView({ admin }: { admin: boolean }) {
  const list = useSegments();
  const [draft, setDraft] = useState<Draft>(blank);
  const labels = useLabels().data ?? [];
  const fields = useContactFields().data ?? [];
  const debounced = useDebounced(draft.definition, 300);
  const count = useSegmentCount(debounced);
  const save = useSaveSegment();
  const remove = useDeleteSegment();
  const [adding, setAdding] = useState("tag");
  const [confirming, setConfirming] = useState(false);
  const setConditions = (conditions: SegmentCondition[]) =>
    setDraft((d) => ({ ...d, definition: { ...d.definition, conditions } }));
  const conditions = draft.definition.conditions;

  return (
    <div className="flex min-h-0 flex-1" data-testid="segments-view">
      <aside className="flex w-64 shrink-0 flex-col border-r">
        <div className="flex items-center justify-between px-3 py-2.5">
          <p className="text-[12.5px] font-semibold text-muted-foreground uppercase">Saved segments</p>
          <Button variant="ghost" size="sm" onClick={() => setDraft(blank())} data-testid="new-segment">
            <Plus /> New
          </Button>
        </div>
        <div className="flex-1 overflow-y-auto">
          {list.isPending ? (
            <div className="space-y-2 px-3">
              <Skeleton className="h-8" />
              <Skeleton className="h-8" />
            </div>
          ) : list.isError ? (
            <ErrorState error={list.error} title="Couldn't load segments" onRetry={() => void list.refetch()} />
          ) : list.data.length === 0 ? (
            <EmptyState icon={<Filter />} title="No segments yet" description="Build one on the right and save it." />
          ) : (
            list.data.map((s) => (
              <button
                type="button"
                key={s.id}
                onClick={() => setDraft({ id: s.id, name: s.name, definition: s.definition })}
                className={cn(
                  "flex w-full items-center justify-between px-3 py-2 text-left text-[13px] hover:bg-accent",
                  draft.id === s.id && "bg-accent",
                )}
              >
                <span className="truncate">{s.name}</span>
                <span className="text-[12px] text-muted-foreground tabular-nums">
                  {s.count === null ? "—" : s.count.toLocaleString()}
                </span>
              </button>
            ))
          )}
        </div>
      </aside>
      <section className="flex min-w-0 flex-1 flex-col gap-4 overflow-y-auto p-4">
        <div className="flex items-center gap-2">
          <input
            aria-label="Segment name"
            placeholder="Segment name"
            value={draft.name}
            onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))}
            className="h-8 w-72 rounded-md border border-input bg-background px-2.5 text-[13px] shadow-xs outline-none focus-visible:border-ring dark:bg-input/20"
          />
          {admin ? (
            <Button
              size="sm"
              disabled={!draft.name.trim() || save.isPending}
              onClick={() =>
                save.mutate(
                  { ...draft, name: draft.name.trim() },
                  {
                    onSuccess: (s) => {
                      setDraft({ id: s.id, name: s.name, definition: s.definition });
                      toast.success(draft.id ? "Segment saved" : "Segment created");
                    },
                    onError: (e) => toast.error(errorMessage(e)),
                  },
                )
              }
              data-testid="save-segment"
            >
              {draft.id ? "Save" : "Save segment"}
            </Button>
          ) : null}
          {admin && draft.id ? (
            <Button variant="ghost" size="sm" onClick={() => setConfirming(true)} data-testid="delete-segment">
              <Trash2 /> Delete
            </Button>
          ) : null}
        </div>
        <div className="flex flex-col gap-2.5 rounded-lg border p-3">
          <div className="flex items-center gap-2 text-[13px]">
            Contacts matching
            <select
              aria-label="Match"
              value={draft.definition.match}
              onChange={(e) =>
                setDraft((d) => ({ ...d, definition: { ...d.definition, match: e.target.value as "all" | "any" } }))
              }
              className="h-8 rounded-md border border-input bg-background px-2 text-[12.5px] dark:bg-input/20"
            >
              <option value="all">all</option>
              <option value="any">any</option>
            </select>
            of these conditions
          </div>
          {conditions.length === 0 ? (
            <p className="text-[12.5px] text-muted-foreground">No conditions: every contact.</p>
          ) : (
            conditions.map((c, i) => (
              <ConditionRow
                // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
                key={i}
                c={c}
                labels={labels}
                fields={fields}
                onChange={(next) => setConditions(conditions.map((x, j) => (j === i ? next : x)))}
                onRemove={() => setConditions(conditions.filter((_, j) => j !== i))}
              />
            ))
          )}
          <div className="flex items-center gap-2 pt-1">
            <select
              aria-label="Condition kind"
              value={adding}
              onChange={(e) => setAdding(e.target.value)}
              className="h-8 rounded-md border border-input bg-background px-2 text-[12.5px] dark:bg-input/20"
            >
              {conditionKinds.map(([k, l]) => (
                <option key={k} value={k}>
                  {l}
                </option>
              ))}
            </select>
            <Button
              variant="outline"
              size="sm"
              onClick={() => setConditions([...conditions, newCondition(adding, labels, fields)])}
              data-testid="add-condition"
            >
              <Plus /> Add condition
            </Button>
          </div>
        </div>
        <div className="flex flex-col gap-2 rounded-lg border p-3" data-testid="segment-count">
          <div className="flex items-center gap-2">
            {count.isError ? (
              <p role="alert" className="text-[13px] text-destructive">
                {errorMessage(count.error)}
              </p>
            ) : count.data ? (
              <p className="text-[15px] font-semibold tabular-nums">
                {count.data.count.toLocaleString()} {count.data.count === 1 ? "contact" : "contacts"}
              </p>
            ) : (
              <Skeleton className="h-5 w-32" />
            )}
            {/* Also while the debounce waits: the figure shown is for the previous edit. */}
            {count.isFetching || debounced !== draft.definition ? (
              <Spinner className="size-3.5 text-muted-foreground" />
            ) : null}
          </div>
          {count.data && !count.isError ? (
            count.data.sample.length ? (
              <ul className="divide-y text-[13px]">
                {count.data.sample.map((c) => (
                  <li key={c.id} className="flex justify-between py-1.5">
                    <span>{c.name ?? c.phone ?? c.email}</span>
                    <span className="text-muted-foreground">{c.phone ?? c.email}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-[12.5px] text-muted-foreground">No contact matches these conditions.</p>
            )
          ) : null}
        </div>
      </section>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Delete this segment?"
        description={`“${draft.name}” goes; its contacts stay as they are.`}
        confirmLabel="Delete segment"
        pending={remove.isPending}
        onConfirm={() =>
          remove.mutate(draft.id!, {
            onSuccess: () => {
              setConfirming(false);
              setDraft(blank());
              toast.success("Segment deleted");
            },
            onError: (e) => toast.error(errorMessage(e)),
          })
        }
      />
    </div>
  );
}
