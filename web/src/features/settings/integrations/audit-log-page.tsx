import type { AuditLogEntry } from "@switchboard/contracts";
import { ChevronRight, ScrollText, Search } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { EmptyState, ErrorState } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { useAgents } from "@/features/agents/queries";
import { cn } from "@/lib/utils";
import { PageBody, PageHeader } from "../page-header";
import { formatDateTime } from "./format";
import { useAuditActions, useAuditLog } from "./queries";

const ALL = "all";

function useDebounced<T>(value: T, ms: number) {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** A date input's day as the start (or end) of that day in the browser's time zone, as ISO. */
const dayBound = (day: string, end: boolean) =>
  day ? new Date(`${day}T${end ? "23:59:59.999" : "00:00:00"}`).toISOString() : undefined;

function EntryRow({ e }: { e: AuditLogEntry }) {
  const [open, setOpen] = useState(false);
  return (
    <li className="border-b last:border-0" data-testid="audit-row">
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        className="grid w-full grid-cols-[16px_150px_minmax(0,1fr)] items-start gap-3 px-4 py-2.5 text-left text-[13px] hover:bg-accent/50 focus-visible:bg-accent/50 focus-visible:outline-none lg:grid-cols-[16px_170px_minmax(0,1fr)_130px]"
      >
        <ChevronRight
          className={cn("mt-0.5 size-3.5 text-muted-foreground transition-transform", open && "rotate-90")}
        />
        <span className="text-muted-foreground tabular-nums">{formatDateTime(e.at)}</span>
        <span className="min-w-0">
          <span className="block truncate">{e.summary}</span>
          <span className="mt-0.5 flex flex-wrap items-center gap-1.5 text-[12px] text-muted-foreground">
            <span className="font-medium text-foreground/80">{e.actor.name ?? "Unknown"}</span>
            {e.actor.type !== "user" ? <Badge variant="outline">{e.actor.type}</Badge> : null}
            <code className="font-mono text-[11px]">{e.action}</code>
          </span>
        </span>
        <span className="hidden truncate text-right font-mono text-[12px] text-muted-foreground lg:block">
          {e.ip ?? "—"}
        </span>
      </button>
      {open ? (
        <dl className="grid grid-cols-[110px_minmax(0,1fr)] gap-x-3 gap-y-1.5 bg-muted/30 px-4 py-3 pl-11 text-[12px]">
          <dt className="text-muted-foreground">Who</dt>
          <dd>
            {e.actor.name ?? "Unknown"} ({e.actor.type}
            {e.actor.id ? `, ${e.actor.id}` : ""})
          </dd>
          <dt className="text-muted-foreground">From</dt>
          <dd className="break-all">
            {e.ip ?? "—"}
            {e.userAgent ? ` · ${e.userAgent}` : ""}
          </dd>
          {e.target ? (
            <>
              <dt className="text-muted-foreground">Target</dt>
              <dd className="font-mono">
                {e.target.type} {e.target.id}
              </dd>
            </>
          ) : null}
          <dt className="text-muted-foreground">Details</dt>
          <dd>
            {Object.keys(e.details).length ? (
              <pre className="scrollbar-thin max-h-48 overflow-auto rounded border bg-card p-2 font-mono text-[11px]">
                {JSON.stringify(e.details, null, 2)}
              </pre>
            ) : (
              "—"
            )}
          </dd>
        </dl>
      ) : null}
    </li>
  );
}

export function AuditLogPage() {
  const [text, setText] = useState("");
  const [action, setAction] = useState(ALL);
  const [actor, setActor] = useState(ALL);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const q = useDebounced(text.trim(), 250);
  const filters = useMemo(
    () => ({
      q: q || undefined,
      action: action === ALL ? undefined : action,
      actorId: actor === ALL ? undefined : actor,
      from: dayBound(from, false),
      to: dayBound(to, true),
    }),
    [q, action, actor, from, to],
  );
  const log = useAuditLog(filters);
  const actions = useAuditActions();
  const agents = useAgents();
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Object.values(filters).some(Boolean);
  const groups = [...new Set((actions.data ?? []).map((a) => `${a.split(".")[0]}.`))];

  return (
    <PageBody wide>
      <PageHeader
        title="Audit log"
        description="Who changed what, when and from where. Entries cannot be edited or deleted."
      />
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <div className="relative min-w-52 flex-1">
          <Search className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-muted-foreground" />
          <Input
            aria-label="Search the audit log"
            placeholder="Search summaries, people, actions…"
            className="pl-8"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <Select value={action} onValueChange={setAction}>
          <SelectTrigger className="w-44" aria-label="Action">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ALL}>All actions</SelectItem>
            {groups.map((g) => (
              <SelectItem key={g} value={g}>
                All {g.slice(0, -1).replace("_", " ")} actions
              </SelectItem>
            ))}
            {(actions.data ?? []).map((a) => (
              <SelectItem key={a} value={a}>
                {a}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <Select value={actor} onValueChange={setActor}>
          <SelectTrigger className="w-40" aria-label="Who">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ALL}>Anyone</SelectItem>
            {(agents.data ?? []).map((a) => (
              <SelectItem key={a.id} value={a.id}>
                {a.name}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <div className="flex items-center gap-1.5 text-[12px] text-muted-foreground">
          <label htmlFor="audit-from">From</label>
          <Input id="audit-from" type="date" className="w-36" value={from} onChange={(e) => setFrom(e.target.value)} />
          <label htmlFor="audit-to">to</label>
          <Input id="audit-to" type="date" className="w-36" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
      </div>
      <div className={cn("overflow-hidden rounded-lg border bg-card", log.isPlaceholderData && "opacity-70")}>
        {log.isPending ? (
          <div className="flex flex-col gap-3 p-4">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} className="h-10 w-full" />
            ))}
          </div>
        ) : log.isError ? (
          <ErrorState error={log.error} onRetry={() => void log.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState
            icon={<ScrollText />}
            title={filtered ? "Nothing matches these filters" : "Nothing recorded yet"}
            description={
              filtered ? "Try fewer filters or another search." : "Admin actions appear here as they happen."
            }
          />
        ) : (
          <ul aria-label="Audit log entries">
            {items.map((e) => (
              <EntryRow key={e.id} e={e} />
            ))}
          </ul>
        )}
      </div>
      {log.hasNextPage ? (
        <div className="mt-3 flex justify-center">
          <Button
            variant="outline"
            size="sm"
            onClick={() => void log.fetchNextPage()}
            disabled={log.isFetchingNextPage}
          >
            {log.isFetchingNextPage ? <Spinner /> : null} Load older entries
          </Button>
        </div>
      ) : null}
    </PageBody>
  );
}
