import { FileText, Plus, RefreshCw } from "lucide-react";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { Link } from "wouter";
import { EmptyState, ErrorState } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useMe } from "@/features/auth/queries";
import { useChannels } from "@/features/settings/channels/queries";
import { useHotkeys } from "@/features/shortcuts/use-hotkeys";
import { errorMessage } from "@/lib/api";
import { cn } from "@/lib/utils";
import { type TemplateRow, useAllTemplates, useTemplateActions } from "./queries";
import { templateStatusVariant } from "./render";
import { blankForm, type Form, fromRow, TemplateEditor, toBody } from "./template-editor";

const qualityVariant = (q: string | null) =>
  q === "GREEN" ? "success" : q === "YELLOW" ? "warning" : q === "RED" ? "danger" : "outline";

export default function TemplatesPage() {
  const me = useMe();
  const admin = me.role === "admin";
  const channels = useChannels();
  const whatsapp = (channels.data ?? []).filter((c) => c.type === "whatsapp");
  const [channel, setChannel] = useState("");
  const [status, setStatus] = useState("");
  const list = useAllTemplates({ ...(channel ? { channel } : {}), ...(status ? { status } : {}) });
  const actions = useTemplateActions();
  const [selected, setSelected] = useState<string | "new" | null>(null);
  const row = useMemo(() => list.data?.find((t) => t.id === selected) ?? null, [list.data, selected]);
  const form: Form | null =
    selected === "new" ? blankForm(channel || whatsapp[0]?.id || "") : row ? fromRow(row) : null;
  useHotkeys({ n: () => admin && setSelected("new") }, admin);

  const sync = async () => {
    const id = channel || whatsapp[0]?.id;
    if (!id) return;
    try {
      await actions.sync.mutateAsync(id);
      toast.success("Templates synced from WhatsApp");
    } catch (err) {
      toast.error(errorMessage(err));
    }
  };

  return (
    <div className="flex h-full min-w-0 flex-col">
      <header className="flex flex-wrap items-center gap-2 border-b px-4 py-3">
        <h1 className="mr-auto text-base font-semibold">Message templates</h1>
        <select
          aria-label="Channel"
          className="h-8 rounded-md border bg-background px-2 text-[13px] dark:bg-input/20"
          value={channel}
          onChange={(e) => setChannel(e.target.value)}
        >
          <option value="">All numbers</option>
          {whatsapp.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <select
          aria-label="Status"
          className="h-8 rounded-md border bg-background px-2 text-[13px] dark:bg-input/20"
          value={status}
          onChange={(e) => setStatus(e.target.value)}
        >
          <option value="">Any status</option>
          {["DRAFT", "PENDING", "APPROVED", "REJECTED", "PAUSED", "DISABLED"].map((s) => (
            <option key={s} value={s}>
              {s.toLowerCase()}
            </option>
          ))}
        </select>
        {admin ? (
          <>
            <Button
              variant="outline"
              size="sm"
              onClick={sync}
              disabled={actions.sync.isPending || !whatsapp.length}
              title={whatsapp.length ? "Sync templates from WhatsApp" : "Connect a WhatsApp number first"}
            >
              <RefreshCw className={cn(actions.sync.isPending && "animate-spin")} /> Sync
            </Button>
            <Button
              size="sm"
              onClick={() => setSelected("new")}
              disabled={!whatsapp.length}
              title={whatsapp.length ? "New template (N)" : "Connect a WhatsApp number first"}
            >
              <Plus /> New template
            </Button>
          </>
        ) : null}
      </header>
      <div className="flex min-h-0 flex-1">
        <div className={cn("min-w-0 overflow-y-auto", form ? "w-[34%] min-w-[240px] shrink-0 border-r" : "flex-1")}>
          {list.isPending ? (
            <div className="space-y-2 p-4">
              {[0, 1, 2, 3].map((i) => (
                <Skeleton key={i} className="h-10" />
              ))}
            </div>
          ) : list.isError ? (
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          ) : !list.data.length && channels.isSuccess && !whatsapp.length ? (
            // Templates belong to a WhatsApp number: without one, "New template" and "Sync" can do nothing.
            <EmptyState
              icon={<FileText />}
              title="Connect a WhatsApp number first"
              description="Templates belong to a WhatsApp Business number: connect one (or a sandbox number to try it), then create or sync its templates here."
              action={
                admin ? (
                  <Button asChild size="sm" variant="outline">
                    <Link href="/settings/channels">Connect a WhatsApp number</Link>
                  </Button>
                ) : (
                  <span className="text-[12px] text-muted-foreground">An admin connects numbers in Settings.</span>
                )
              }
            />
          ) : !list.data.length ? (
            <EmptyState
              icon={<FileText />}
              title="No templates yet"
              description="Templates start conversations outside WhatsApp's 24-hour window. Create one, or sync the number's templates."
            />
          ) : (
            <ul className="divide-y" data-testid="template-list">
              {list.data.map((t) => (
                <TemplateItem key={t.id} t={t} active={t.id === selected} onClick={() => setSelected(t.id)} />
              ))}
            </ul>
          )}
        </div>
        {form ? (
          <TemplateEditor
            key={selected ?? ""}
            initial={form}
            row={row}
            channels={whatsapp}
            readOnly={!admin}
            actions={actions}
            onSaved={(id) => setSelected(id)}
            onClose={() => setSelected(null)}
            toBody={toBody}
          />
        ) : null}
      </div>
    </div>
  );
}

function TemplateItem({ t, active, onClick }: { t: TemplateRow; active: boolean; onClick: () => void }) {
  return (
    <li>
      <button
        type="button"
        onClick={onClick}
        className={cn(
          "flex w-full items-center gap-3 px-4 py-2.5 text-left hover:bg-accent/60",
          active && "bg-primary/8 dark:bg-primary/15",
        )}
      >
        <div className="min-w-0 flex-1">
          <p className="truncate font-mono text-[13px]">{t.name}</p>
          <p className="truncate text-xs text-muted-foreground">
            {t.language} · {(t.category ?? "—").toLowerCase()} · {t.content.body.slice(0, 80)}
          </p>
          {t.rejectedReason ? (
            <p className="text-xs text-red-600 dark:text-red-400">Reason: {t.rejectedReason}</p>
          ) : null}
        </div>
        {t.qualityScore && t.qualityScore !== "UNKNOWN" ? (
          <Badge variant={qualityVariant(t.qualityScore)}>quality {t.qualityScore.toLowerCase()}</Badge>
        ) : null}
        <Badge
          variant={t.status === "DRAFT" ? "secondary" : templateStatusVariant(t.status)}
          data-testid="template-status"
        >
          {t.status.toLowerCase()}
        </Badge>
      </button>
    </li>
  );
}
