import type { Priority, TicketDetail, TicketEvent, TicketStatus, TicketType } from "@switchboard/contracts";
import { ticketStatuses, ticketTypes } from "@switchboard/contracts/values";
import { ArrowLeft, MessageSquare } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Link } from "wouter";
import { ErrorState } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { useAgents } from "@/features/agents/queries";
import { useMe } from "@/features/auth/queries";
import { priorityLabel } from "@/features/inbox/labels";
import { Markdown } from "@/features/inbox/thread/markdown";
import { MarkdownPreview } from "@/features/knowledge/markdown";
import { errorMessage } from "@/lib/api";
import { dateTime } from "@/lib/time";
import { PRIORITIES } from "@/lib/types";
import { selectCls } from "./create-ticket-dialog";
import { SlaBadge } from "@/features/sla/sla-badge";
import { statusLabel, statusVariant, typeLabel, useAddTicketComment, usePatchTicket, useTicket } from "./queries";
import { cn } from "@/lib/utils";

export function TicketDetailPage({ id }: { id: string }) {
  const ticket = useTicket(id);
  if (ticket.isPending)
    return (
      <div className="w-full space-y-3 p-6">
        <Skeleton className="h-8 w-1/2" />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  if (ticket.isError)
    return <ErrorState className="w-full" error={ticket.error} onRetry={() => void ticket.refetch()} />;
  return <TicketView t={ticket.data} />;
}

function TicketView({ t }: { t: TicketDetail }) {
  const me = useMe();
  const agents = useAgents();
  const patch = usePatchTicket(t.id);
  const save = (body: Parameters<typeof patch.mutate>[0]) =>
    patch.mutate(body, { onError: (err) => toast.error(errorMessage(err)) });
  const closed = t.status === "closed";
  // Closed is final; an admin may reopen it (to open). The server enforces the same rules.
  const statusChoices = closed
    ? me.role === "admin"
      ? (["closed", "open"] as TicketStatus[])
      : (["closed"] as TicketStatus[])
    : ticketStatuses.filter((s) => (s === "new" ? t.status === "new" : s !== "closed" || t.status === "solved"));
  return (
    <div className="flex h-full w-full min-w-0 flex-1 flex-col">
      <header className="flex items-center gap-3 border-b px-4 py-3">
        <Button variant="ghost" size="icon-sm" asChild aria-label="Back to tickets">
          <Link href="/tickets">
            <ArrowLeft />
          </Link>
        </Button>
        <h1 className="min-w-0 truncate text-base font-semibold" data-testid="ticket-title">
          <span className="mr-2 text-muted-foreground tabular-nums">#{t.number}</span>
          {t.subject}
        </h1>
        <Badge variant={statusVariant(t.status)}>{statusLabel[t.status]}</Badge>
        <SlaBadge sla={t.sla} className="shrink-0" />
      </header>
      <div className="flex min-h-0 flex-1">
        <main className="min-w-0 flex-1 space-y-6 overflow-auto p-6">
          <section className="space-y-2">
            <h2 className="text-xs font-medium tracking-wide text-muted-foreground uppercase">Description</h2>
            <div className="text-[13px] leading-relaxed">
              {t.description ? (
                <MarkdownPreview source={t.description} />
              ) : (
                <span className="text-muted-foreground">No description</span>
              )}
            </div>
          </section>
          <Timeline t={t} agents={agents.data ?? []} />
          <CommentBox ticketId={t.id} />
        </main>
        <aside className="w-72 shrink-0 space-y-4 overflow-auto border-l p-4 text-[13px]" aria-label="Ticket fields">
          <Field label="Status">
            <select
              className={selectCls}
              value={t.status}
              disabled={statusChoices.length < 2 || patch.isPending}
              onChange={(e) => save({ status: e.target.value as TicketStatus })}
              data-testid="ticket-status"
            >
              {statusChoices.map((s) => (
                <option key={s} value={s}>
                  {statusLabel[s]}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Priority">
            <select
              className={selectCls}
              value={t.priority}
              disabled={closed}
              onChange={(e) => save({ priority: e.target.value as Priority })}
            >
              {[...PRIORITIES].reverse().map((p) => (
                <option key={p} value={p}>
                  {priorityLabel[p]}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Type">
            <select
              className={selectCls}
              value={t.type}
              disabled={closed}
              onChange={(e) => save({ type: e.target.value as TicketType })}
            >
              {ticketTypes.map((x) => (
                <option key={x} value={x}>
                  {typeLabel[x]}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Assignee">
            <select
              className={selectCls}
              value={t.assignee?.id ?? ""}
              disabled={closed}
              onChange={(e) => save({ assigneeId: e.target.value || null })}
              data-testid="ticket-assignee"
            >
              <option value="">Unassigned</option>
              {(agents.data ?? [])
                .filter((a) => !a.disabled || a.id === t.assignee?.id)
                .map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
            </select>
          </Field>
          <Field label="Requester">{t.requester?.name ?? t.requester?.email ?? "—"}</Field>
          <Field label="Team">{t.team?.name ?? "—"}</Field>
          <Field label="Tags">
            {t.tags.length ? (
              <div className="flex flex-wrap gap-1">
                {t.tags.map((tag) => (
                  <Badge key={tag} variant="outline">
                    {tag}
                  </Badge>
                ))}
              </div>
            ) : (
              "—"
            )}
          </Field>
          <Field label="Due">{t.dueAt ? dateTime(t.dueAt) : "—"}</Field>
          <Field label="Conversations">
            {t.conversations.length ? (
              <ul className="space-y-1">
                {t.conversations.map((c) => (
                  <li key={c.id}>
                    <Link href={`/inbox/${c.id}`} className="inline-flex items-center gap-1.5 hover:underline">
                      <MessageSquare className="size-3.5" />
                      {c.contact.name ?? "Customer"} · {c.channelName}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : (
              "—"
            )}
          </Field>
          <Field label="Created">
            {dateTime(t.createdAt)} by {t.createdBy.type === "ai" ? "the AI agent" : (t.createdBy.name ?? "—")}
          </Field>
        </aside>
      </div>
    </div>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="space-y-1">
      <div className="text-xs font-medium text-muted-foreground">{label}</div>
      <div>{children}</div>
    </div>
  );
}

const fieldNames: Record<string, string> = {
  subject: "subject",
  description: "description",
  priority: "priority",
  status: "status",
  type: "type",
  assignee: "assignee",
  team: "team",
  requester: "requester",
  tags: "tags",
  customFields: "custom fields",
  dueAt: "due date",
};

/** One activity line in words: "Ana changed status from Open to Solved". */
function describe(e: TicketEvent, names: Map<string, string>): string {
  const who = e.actor.type === "ai" ? "AI agent" : (e.actor.name ?? "Someone");
  if (e.kind === "notice") return String((e.to as { text?: unknown } | null)?.text ?? "Customer notice");
  const show = (v: unknown): string => {
    if (v === null || v === undefined || v === "") return "none";
    if (e.field === "status") return statusLabel[v as TicketStatus] ?? String(v);
    if (e.field === "priority") return priorityLabel[v as Priority] ?? String(v);
    if (e.field === "type") return typeLabel[v as TicketType] ?? String(v);
    if (e.field === "assignee") return names.get(String(v)) ?? "an agent";
    if (e.field === "dueAt") return dateTime(String(v));
    if (Array.isArray(v)) return v.length ? v.join(", ") : "none";
    if (typeof v === "object") return JSON.stringify(v);
    return String(v).length > 60 ? `${String(v).slice(0, 57)}…` : String(v);
  };
  switch (e.kind) {
    case "created":
      return `${who} created the ticket`;
    case "linked":
      return `${who} linked a conversation`;
    case "unlinked":
      return `${who} unlinked a conversation`;
    case "commented":
      return `${who} commented`;
    default:
      return e.field === "description"
        ? `${who} edited the description`
        : `${who} changed ${fieldNames[e.field ?? ""] ?? e.field} from ${show(e.from)} to ${show(e.to)}`;
  }
}

/** Activity and comments in one timeline, oldest first (a comment shows as its body, not as a line). */
function Timeline({ t, agents }: { t: TicketDetail; agents: { id: string; name: string }[] }) {
  const names = new Map(agents.map((a) => [a.id, a.name]));
  const comments = new Map(t.comments.map((c) => [c.id, c]));
  return (
    <section className="space-y-2">
      <h2 className="text-xs font-medium tracking-wide text-muted-foreground uppercase">Timeline</h2>
      <ol className="space-y-2" data-testid="ticket-timeline">
        {t.events.map((e) => {
          const comment = e.kind === "commented" ? comments.get(String(e.to)) : undefined;
          return comment ? (
            <li key={e.id} className="rounded-lg border bg-amber-500/5 p-3 dark:bg-amber-500/10">
              <div className="mb-1 text-xs text-muted-foreground">
                <span className="font-medium text-foreground">
                  {comment.author.type === "ai" ? "AI agent" : comment.author.name}
                </span>{" "}
                · internal comment · {dateTime(comment.createdAt)}
              </div>
              <div className="text-[13px]">
                <Markdown text={comment.body} />
              </div>
            </li>
          ) : (
            <li
              key={e.id}
              className="flex items-baseline gap-2 text-xs text-muted-foreground"
              data-kind={e.kind === "notice" ? "notice" : undefined}
            >
              <span
                className={cn(
                  "size-1.5 shrink-0 translate-y-[-1px] rounded-full bg-muted-foreground/50",
                  e.kind === "notice" &&
                    ((e.to as { outcome?: string } | null)?.outcome === "sent" ? "bg-emerald-500" : "bg-amber-500"),
                )}
              />
              <span className="text-foreground/80">{describe(e, names)}</span>
              <span className="ml-auto shrink-0 tabular-nums">{dateTime(e.createdAt)}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function CommentBox({ ticketId }: { ticketId: string }) {
  const [body, setBody] = useState("");
  const add = useAddTicketComment(ticketId);
  const submit = () =>
    add.mutate(body, {
      onSuccess: () => setBody(""),
      onError: (err) => toast.error(errorMessage(err)),
    });
  return (
    <section className="space-y-2">
      <Textarea
        rows={3}
        value={body}
        placeholder="Internal comment (Markdown; the customer never sees it)"
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.metaKey || e.ctrlKey) && body.trim()) submit();
        }}
        aria-label="Internal comment"
        data-testid="ticket-comment"
      />
      <div className="flex justify-end">
        <Button size="sm" disabled={!body.trim() || add.isPending} onClick={submit} data-testid="ticket-comment-send">
          Comment
        </Button>
      </div>
    </section>
  );
}
