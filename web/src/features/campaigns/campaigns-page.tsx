import { Megaphone, Plus } from "lucide-react";
import { useState } from "react";
import { Link, useParams } from "wouter";
import { EmptyState, ErrorState } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useMe } from "@/features/auth/queries";
import { CampaignDetail } from "./campaign-detail";
import { CreateCampaignDialog } from "./create-campaign-dialog";
import { funnel, pct, statusVariant, useCampaignEvents, useCampaigns } from "./queries";

export default function CampaignsPage() {
  const params = useParams<{ id?: string }>();
  useCampaignEvents();
  if (params.id) return <CampaignDetail id={params.id} />;
  return <CampaignList />;
}

function CampaignList() {
  const me = useMe();
  const admin = me.role === "admin";
  const list = useCampaigns();
  const [creating, setCreating] = useState(false);
  return (
    <div className="flex h-full w-full min-w-0 flex-1 flex-col">
      <header className="flex items-center gap-2 border-b px-4 py-3">
        <h1 className="mr-auto text-base font-semibold">Campaigns</h1>
        {admin ? (
          <Button size="sm" onClick={() => setCreating(true)} data-testid="new-campaign">
            <Plus /> New campaign
          </Button>
        ) : null}
      </header>
      <div className="min-h-0 flex-1 overflow-auto">
        {list.isPending ? (
          <div className="space-y-2 p-4">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} className="h-10 w-full" />
            ))}
          </div>
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : !list.data.length ? (
          <EmptyState
            icon={<Megaphone />}
            title="No campaigns yet"
            description="Send an approved WhatsApp template to a tagged audience at a paced rate."
            action={admin ? <Button onClick={() => setCreating(true)}>New campaign</Button> : undefined}
          />
        ) : (
          <table className="w-full text-[13px]">
            <thead className="sticky top-0 bg-background text-left text-xs text-muted-foreground">
              <tr className="border-b">
                <th className="px-4 py-2 font-medium">Name</th>
                <th className="px-2 py-2 font-medium">Status</th>
                <th className="px-2 py-2 text-right font-medium">Recipients</th>
                <th className="px-2 py-2 text-right font-medium">Sent</th>
                <th className="px-2 py-2 text-right font-medium">Delivered</th>
                <th className="px-2 py-2 text-right font-medium">Read</th>
                <th className="px-2 py-2 text-right font-medium">Replied</th>
                <th className="px-4 py-2 text-right font-medium">Created</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((c) => {
                const f = funnel(c.counts);
                return (
                  <tr key={c.id} className="border-b hover:bg-accent/50">
                    <td className="px-4 py-2">
                      <Link href={`/campaigns/${c.id}`} className="font-medium hover:underline">
                        {c.name}
                      </Link>
                      <div className="text-xs text-muted-foreground">{c.templateName}</div>
                    </td>
                    <td className="px-2 py-2">
                      <Badge variant={statusVariant(c.status)}>{c.status}</Badge>
                    </td>
                    <td className="px-2 py-2 text-right tabular-nums">{c.counts.total}</td>
                    <td className="px-2 py-2 text-right tabular-nums">{pct(f.sent, c.counts.total)}</td>
                    <td className="px-2 py-2 text-right tabular-nums">{pct(f.delivered, f.sent)}</td>
                    <td className="px-2 py-2 text-right tabular-nums">{pct(f.read, f.sent)}</td>
                    <td className="px-2 py-2 text-right tabular-nums">{pct(f.replied, f.sent)}</td>
                    <td className="px-4 py-2 text-right text-muted-foreground">
                      {new Date(c.createdAt).toLocaleString()}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
      {creating ? <CreateCampaignDialog onClose={() => setCreating(false)} /> : null}
    </div>
  );
}
