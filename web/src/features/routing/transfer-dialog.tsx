import { Check, Search, Users } from "lucide-react";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { AvailabilityDot, availabilityLabel } from "@/components/availability-dot";
import { EmptyState, ErrorState } from "@/components/states";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { useAgents } from "@/features/agents/queries";
import { errorMessage } from "@/lib/api";
import type { Availability, Conversation } from "@/lib/types";
import { cn } from "@/lib/utils";
import { useRoutingActions, useTeams } from "./queries";

type Target =
  | { kind: "agent"; id: string; name: string; availability: Availability }
  | { kind: "team"; id: string; name: string };

const order: Record<Availability, number> = { online: 0, away: 1, offline: 2 };

function Option({
  selected,
  onSelect,
  children,
  testId,
}: {
  selected: boolean;
  onSelect: () => void;
  children: React.ReactNode;
  testId?: string;
}) {
  return (
    <button
      type="button"
      aria-pressed={selected}
      data-testid={testId}
      onClick={onSelect}
      className={cn(
        "flex w-full items-center gap-2.5 rounded-md px-2.5 py-2 text-left text-[13px] outline-none focus-visible:ring-2 focus-visible:ring-ring/50",
        selected ? "bg-primary/10 dark:bg-primary/20" : "hover:bg-accent",
      )}
    >
      {children}
      <Check className={cn("ml-auto size-4 shrink-0 text-primary", selected ? "visible" : "invisible")} />
    </button>
  );
}

/**
 * Transfer to an agent (they become the assignee) or to a team (it joins that team's queue and
 * routing picks the agent). Online agents come first; an away or offline one can still be chosen
 * on purpose, and the dialog says they are not around.
 */
export function TransferDialog({
  conversation: c,
  meId,
  open,
  onOpenChange,
}: {
  conversation: Conversation;
  meId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const [tab, setTab] = useState<"agent" | "team">("agent");
  const [q, setQ] = useState("");
  const [target, setTarget] = useState<Target | null>(null);
  const [note, setNote] = useState("");
  const agents = useAgents();
  const teams = useTeams();
  const { transfer } = useRoutingActions(meId);

  const agentOptions = useMemo(
    () =>
      (agents.data ?? [])
        .filter((a) => !a.disabled && a.id !== c.assignee?.id)
        .filter((a) => !q || a.name.toLowerCase().includes(q.toLowerCase()))
        .sort((a, b) => order[a.availability] - order[b.availability] || a.name.localeCompare(b.name)),
    [agents.data, q, c.assignee?.id],
  );
  const teamOptions = useMemo(
    () => (teams.data ?? []).filter((t) => !q || t.name.toLowerCase().includes(q.toLowerCase())),
    [teams.data, q],
  );

  const close = (o: boolean) => {
    onOpenChange(o);
    if (!o) {
      setTarget(null);
      setNote("");
      setQ("");
    }
  };
  const submit = () => {
    if (!target) return;
    const body = target.kind === "agent" ? { assigneeId: target.id } : { teamId: target.id };
    transfer.mutate(
      { id: c.id, body: { ...body, ...(note.trim() ? { note: note.trim() } : {}) } },
      {
        onSuccess: () => {
          toast.success(`Transferred to ${target.name}`);
          close(false);
        },
        onError: (err) => toast.error(`Couldn't transfer: ${errorMessage(err)}`),
      },
    );
  };

  const list = (pending: boolean, error: unknown, retry: () => void, empty: string, children: React.ReactNode[]) =>
    pending ? (
      <div className="flex flex-col gap-2 p-1">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-9 w-full" />
        ))}
      </div>
    ) : error ? (
      <ErrorState error={error} onRetry={retry} className="py-6" />
    ) : children.length === 0 ? (
      <EmptyState icon={<Users />} title={empty} className="py-6" />
    ) : (
      <div className="flex flex-col gap-0.5">{children}</div>
    );

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent
        title="Transfer conversation"
        description="Hand it to a teammate, or to a team's queue: the next available member gets it."
        data-testid="transfer-dialog"
      >
        <Tabs value={tab} onValueChange={(v) => setTab(v as "agent" | "team")}>
          <TabsList className="w-full">
            <TabsTrigger value="agent">Agent</TabsTrigger>
            <TabsTrigger value="team">Team</TabsTrigger>
          </TabsList>
          <div className="relative mt-3">
            <Search className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-muted-foreground" />
            <Input
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder={tab === "agent" ? "Find an agent" : "Find a team"}
              aria-label="Search"
              className="pl-8"
            />
          </div>
          <div className="scrollbar-thin mt-2 max-h-64 overflow-y-auto">
            <TabsContent value="agent">
              {list(
                agents.isPending,
                agents.error,
                () => void agents.refetch(),
                "No other agents",
                agentOptions.map((a) => (
                  <Option
                    key={a.id}
                    testId="transfer-agent"
                    selected={target?.kind === "agent" && target.id === a.id}
                    onSelect={() => setTarget({ kind: "agent", id: a.id, name: a.name, availability: a.availability })}
                  >
                    <span className="relative">
                      <Avatar name={a.name} src={a.avatarUrl} seed={a.id} size="sm" />
                      <AvailabilityDot value={a.availability} className="absolute -right-0.5 -bottom-0.5" ring />
                    </span>
                    <span className="min-w-0 flex-1 truncate">
                      {a.name}
                      {a.id === meId ? <span className="text-muted-foreground"> (you)</span> : null}
                    </span>
                    <span className="shrink-0 text-[11.5px] text-muted-foreground tabular-nums">
                      {availabilityLabel[a.availability]} · {a.openConversations}/{a.capacity}
                    </span>
                  </Option>
                )),
              )}
            </TabsContent>
            <TabsContent value="team">
              {list(
                teams.isPending,
                teams.error,
                () => void teams.refetch(),
                "No teams yet (Settings → Teams)",
                teamOptions.map((t) => {
                  const online = t.members.filter((m) => m.availability === "online").length;
                  return (
                    <Option
                      key={t.id}
                      testId="transfer-team"
                      selected={target?.kind === "team" && target.id === t.id}
                      onSelect={() => setTarget({ kind: "team", id: t.id, name: t.name })}
                    >
                      <span className="flex size-6 shrink-0 items-center justify-center rounded-md bg-secondary text-muted-foreground">
                        <Users className="size-3.5" />
                      </span>
                      <span className="min-w-0 flex-1 truncate">
                        {t.name}
                        {c.team?.id === t.id ? <span className="text-muted-foreground"> (current)</span> : null}
                      </span>
                      <span className="shrink-0 text-[11.5px] text-muted-foreground tabular-nums">
                        {online}/{t.members.length} online · {t.waiting} waiting
                      </span>
                    </Option>
                  );
                }),
              )}
            </TabsContent>
          </div>
        </Tabs>
        {target?.kind === "agent" && target.availability !== "online" ? (
          <p
            className="rounded-md bg-amber-500/10 px-2.5 py-1.5 text-xs text-amber-800 dark:text-amber-300"
            role="note"
          >
            {target.name} is {availabilityLabel[target.availability].toLowerCase()}: the customer may wait until they
            are back.
          </p>
        ) : null}
        <Textarea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder="Add a note for the next person (optional)"
          aria-label="Note"
          rows={2}
          maxLength={1000}
        />
        <DialogFooter>
          <Button variant="outline" onClick={() => close(false)}>
            Cancel
          </Button>
          <Button onClick={submit} disabled={!target || transfer.isPending} data-testid="transfer-submit">
            {transfer.isPending ? <Spinner /> : null}
            {target ? `Transfer to ${target.name}` : "Transfer"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
