import { ChevronRight, CircleAlert, Plug, Plus } from "lucide-react";
import { useState } from "react";
import { Link } from "wouter";
import { ChannelIcon, channelLabel } from "@/components/channel-icon";
import { SandboxBadge } from "@/components/sandbox-badge";
import { EmptyState, ErrorState } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { shortDate } from "@/lib/time";
import { PageBody, PageHeader } from "../page-header";
import { CreateChannelDialog } from "./create-channel-dialog";
import { useChannels } from "./queries";

export function ChannelsPage() {
  const channels = useChannels();
  const [creating, setCreating] = useState(false);
  const newButton = (
    <Button onClick={() => setCreating(true)} data-testid="new-channel">
      <Plus /> New channel
    </Button>
  );
  return (
    <PageBody>
      <PageHeader
        title="Channels"
        description="Where your customers reach you. Every channel lands in the same inbox."
        actions={newButton}
      />
      {channels.isPending ? (
        <div className="flex flex-col gap-2">
          {[0, 1].map((i) => (
            <Skeleton key={i} className="h-16 w-full rounded-lg" />
          ))}
        </div>
      ) : channels.isError ? (
        <ErrorState error={channels.error} onRetry={() => void channels.refetch()} />
      ) : channels.data.length === 0 ? (
        <div className="rounded-lg border border-dashed">
          <EmptyState
            icon={<Plug />}
            title="No channels yet"
            description="Add a website widget, or connect WhatsApp, Telegram, Instagram or X. No account yet? Use the sandbox."
            action={newButton}
          />
        </div>
      ) : (
        <ul className="flex flex-col gap-2">
          {channels.data.map((c) => (
            <li key={c.id}>
              <Link
                href={`/settings/channels/${c.id}`}
                data-testid="channel-row"
                className="flex items-center gap-3 rounded-lg border bg-card px-4 py-3 shadow-xs transition-colors outline-none hover:bg-accent/50 focus-visible:ring-2 focus-visible:ring-ring/50"
              >
                <span className="flex size-9 items-center justify-center rounded-lg bg-secondary">
                  <ChannelIcon type={c.type} className="size-[18px]" />
                </span>
                <div className="min-w-0 flex-1">
                  <p className="truncate text-[13px] font-medium" title={c.name}>
                    {c.name}
                  </p>
                  <p className="text-xs text-muted-foreground">
                    {channelLabel(c.type)} · created {shortDate(c.createdAt)}
                  </p>
                </div>
                {c.sandbox ? <SandboxBadge /> : null}
                {c.health?.credentialsUnreadable ? (
                  <Badge variant="danger" data-testid="credentials-unreadable-badge">
                    <CircleAlert /> Credentials unreadable
                  </Badge>
                ) : null}
                {c.health?.needsReauth ? (
                  <Badge variant="danger">
                    <CircleAlert /> Needs re-authorisation
                  </Badge>
                ) : null}
                {c.enabled ? <Badge variant="success">Enabled</Badge> : <Badge variant="outline">Disabled</Badge>}
                <ChevronRight className="size-4 text-muted-foreground" />
              </Link>
            </li>
          ))}
        </ul>
      )}
      <CreateChannelDialog open={creating} onOpenChange={setCreating} />
    </PageBody>
  );
}
