import { FileText, RefreshCw } from "lucide-react";
import { toast } from "sonner";
import { EmptyState, ErrorState } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { useSyncTemplates, useTemplates } from "@/features/templates/queries";
import { templateStatusVariant } from "@/features/templates/render";
import { errorMessage } from "@/lib/api";

/** WhatsApp message templates synced from the Business Account (the only thing sendable outside 24 h). */
export function TemplatesCard({ channelId, sandbox = false }: { channelId: string; sandbox?: boolean }) {
  const q = useTemplates(channelId);
  const sync = useSyncTemplates(channelId);
  const run = () =>
    sync.mutate(undefined, {
      onSuccess: (d) => toast.success(`Templates synced (${d.items.length})`),
      onError: (err) => toast.error(errorMessage(err)),
    });
  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between gap-4">
        <div className="min-w-0">
          <CardTitle>Message templates</CardTitle>
          <CardDescription>
            Approved templates are what agents can send once the 24-hour window has closed.{" "}
            {sandbox
              ? "The simulator comes with a few sample templates to try this with."
              : "Create them in WhatsApp Manager."}
          </CardDescription>
        </div>
        <Button variant="outline" size="sm" onClick={run} disabled={sync.isPending} data-testid="sync-templates">
          {sync.isPending ? <Spinner /> : <RefreshCw />} Sync now
        </Button>
      </CardHeader>
      <CardContent className="pt-3">
        {q.isPending ? (
          <div className="grid gap-2">
            <Skeleton className="h-12 w-full" />
            <Skeleton className="h-12 w-full" />
          </div>
        ) : q.isError ? (
          <ErrorState error={q.error} title="Couldn't load templates" onRetry={() => void q.refetch()} />
        ) : q.data.length === 0 ? (
          <EmptyState
            icon={<FileText />}
            title="No templates yet"
            description="Create templates in WhatsApp Manager, then click “Sync now”."
          />
        ) : (
          <ul className="divide-y" data-testid="templates">
            {q.data.map((t) => (
              <li key={t.id} data-testid="template-row" className="flex flex-col gap-1 py-2.5 first:pt-0 last:pb-0">
                <div className="flex flex-wrap items-center gap-1.5">
                  <span className="font-mono text-[12.5px] font-medium">{t.name}</span>
                  <span className="text-[11px] text-muted-foreground">{t.language}</span>
                  <Badge variant={templateStatusVariant(t.status)} data-testid="template-status">
                    {t.status}
                  </Badge>
                  {t.category ? <Badge variant="outline">{t.category.toLowerCase()}</Badge> : null}
                  {t.parameterCount ? (
                    <span className="ml-auto text-[11px] text-muted-foreground">
                      {t.parameterCount} parameter{t.parameterCount > 1 ? "s" : ""}
                    </span>
                  ) : null}
                </div>
                <p className="line-clamp-2 text-[12.5px] text-muted-foreground">{t.bodyText || "No body text"}</p>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
