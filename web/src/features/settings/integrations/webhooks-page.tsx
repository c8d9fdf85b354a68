import type { WebhookSubscription } from "@switchboard/contracts";
import { CircleAlert, EllipsisVertical, Plus, Send, Webhook } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState, ErrorState } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { errorMessage } from "@/lib/api";
import { cn } from "@/lib/utils";
import { PageBody, PageHeader } from "../page-header";
import { formatAgo, formatDateTime } from "./format";
import { useSaveWebhook, useWebhookAction, useWebhooks } from "./queries";
import { SecretDialog, WebhookFormDialog } from "./webhook-dialogs";
import { WebhookDeliveries } from "./webhook-deliveries";

function SubscriptionCard({
  s,
  onEdit,
  onSecret,
  onDelete,
}: {
  s: WebhookSubscription;
  onEdit: () => void;
  onSecret: (secret: string) => void;
  onDelete: () => void;
}) {
  const save = useSaveWebhook();
  const action = useWebhookAction();
  const [showLog, setShowLog] = useState(false);
  const run = (a: "test" | "rotate-secret") =>
    action.mutate(
      { id: s.id, action: a },
      {
        onSuccess: (r) => {
          if (a === "test") {
            toast.success("Test event queued");
            setShowLog(true);
          } else if (r.secret) onSecret(r.secret);
        },
        onError: (err) => toast.error(errorMessage(err)),
      },
    );
  return (
    <section data-testid="webhook-card" className="overflow-hidden rounded-lg border bg-card" aria-label={s.name}>
      {s.disabledReason ? (
        <div
          role="status"
          className="flex items-start gap-2 border-b border-amber-500/30 bg-amber-500/10 px-4 py-2.5 text-[13px] text-amber-800 dark:text-amber-300"
        >
          <CircleAlert className="mt-0.5 size-4 shrink-0" />
          <p className="min-w-0">
            Switchboard turned this webhook off on {formatDateTime(s.disabledAt)}: {s.disabledReason}. Fix the endpoint,
            send a test, then turn it back on; missed events can be redelivered from the log.
          </p>
        </div>
      ) : null}
      <div className="flex items-start gap-3 px-4 py-3">
        <div className="min-w-0 flex-1">
          <p className="flex flex-wrap items-center gap-2 text-[14px] font-medium">
            {s.name}
            {s.enabled ? (
              <Badge variant="success">On</Badge>
            ) : (
              <Badge variant={s.disabledReason ? "danger" : "secondary"}>
                {s.disabledReason ? "Turned off by Switchboard" : "Off"}
              </Badge>
            )}
            {s.enabled && s.consecutiveFailures > 0 ? (
              <Badge variant="warning">{s.consecutiveFailures} failing</Badge>
            ) : null}
          </p>
          <p className="mt-0.5 truncate font-mono text-[12px] text-muted-foreground" title={s.url}>
            {s.url}
          </p>
          <div className="mt-2 flex flex-wrap gap-1">
            {s.events.map((e) => (
              <Badge key={e} variant="outline" className="font-mono">
                {e}
              </Badge>
            ))}
            {s.includePrivate ? <Badge variant="outline">+ private notes</Badge> : null}
          </div>
        </div>
        <div className="flex shrink-0 items-center gap-2">
          <Switch
            checked={s.enabled}
            aria-label={s.enabled ? `Turn off ${s.name}` : `Turn on ${s.name}`}
            disabled={save.isPending}
            onCheckedChange={(enabled) =>
              save.mutate({ id: s.id, body: { enabled } }, { onError: (err) => toast.error(errorMessage(err)) })
            }
          />
          <Button variant="outline" size="sm" onClick={() => run("test")} disabled={action.isPending}>
            <Send /> Send test
          </Button>
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button variant="ghost" size="icon" aria-label={`More actions for ${s.name}`}>
                <EllipsisVertical />
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="end">
              <DropdownMenuItem onSelect={onEdit}>Edit</DropdownMenuItem>
              <DropdownMenuItem onSelect={() => run("rotate-secret")}>Rotate signing secret</DropdownMenuItem>
              <DropdownMenuItem onSelect={onDelete} className="text-destructive">
                Delete
              </DropdownMenuItem>
            </DropdownMenuContent>
          </DropdownMenu>
        </div>
      </div>
      <div className="border-t">
        <button
          type="button"
          onClick={() => setShowLog((o) => !o)}
          aria-expanded={showLog}
          className={cn(
            "flex w-full items-center justify-between px-4 py-2 text-left text-[12px] text-muted-foreground hover:bg-accent/50",
            showLog && "border-b",
          )}
        >
          <span className="font-medium">{showLog ? "Hide delivery log" : "Show delivery log"}</span>
          <span>Last delivery {formatAgo(s.lastDeliveryAt).toLowerCase()}</span>
        </button>
        {showLog ? <WebhookDeliveries subscriptionId={s.id} /> : null}
      </div>
    </section>
  );
}

export function WebhooksPage() {
  const hooks = useWebhooks();
  const action = useWebhookAction();
  const [editing, setEditing] = useState<WebhookSubscription | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [secret, setSecret] = useState<{ value: string; name: string } | null>(null);
  const [deleting, setDeleting] = useState<WebhookSubscription | null>(null);
  const open = (s: WebhookSubscription | null) => {
    setEditing(s);
    setFormOpen(true);
  };
  return (
    <PageBody wide>
      <PageHeader
        title="Webhooks"
        description="Tell your own systems when conversations, messages and contacts change. Every request is signed; failures are retried for about 18 hours."
        actions={
          <Button onClick={() => open(null)} data-testid="create-webhook">
            <Plus /> New webhook
          </Button>
        }
      />
      {hooks.isPending ? (
        <div className="grid gap-3">
          <Skeleton className="h-28 w-full" />
          <Skeleton className="h-28 w-full" />
        </div>
      ) : hooks.isError ? (
        <ErrorState error={hooks.error} onRetry={() => void hooks.refetch()} />
      ) : hooks.data.length === 0 ? (
        <div className="rounded-lg border bg-card">
          <EmptyState
            icon={<Webhook />}
            title="No webhooks yet"
            description="Add an endpoint to receive signed events as they happen."
            action={
              <Button size="sm" onClick={() => open(null)}>
                <Plus /> New webhook
              </Button>
            }
          />
        </div>
      ) : (
        <div className="grid gap-3">
          {hooks.data.map((s) => (
            <SubscriptionCard
              key={s.id}
              s={s}
              onEdit={() => open(s)}
              onSecret={(value) => setSecret({ value, name: s.name })}
              onDelete={() => setDeleting(s)}
            />
          ))}
        </div>
      )}
      <WebhookFormDialog
        open={formOpen}
        subscription={editing}
        onOpenChange={setFormOpen}
        onCreated={(value, name) => setSecret({ value, name })}
      />
      <SecretDialog secret={secret?.value ?? null} name={secret?.name ?? ""} onClose={() => setSecret(null)} />
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete ${deleting?.name ?? "webhook"}?`}
        description="Switchboard stops sending to this endpoint and deletes its delivery log."
        confirmLabel="Delete webhook"
        destructive
        pending={action.isPending}
        onConfirm={() =>
          deleting &&
          action.mutate(
            { id: deleting.id, action: "delete" },
            {
              onSuccess: () => {
                toast.success("Webhook deleted");
                setDeleting(null);
              },
              onError: (err) => toast.error(errorMessage(err)),
            },
          )
        }
      />
    </PageBody>
  );
}
