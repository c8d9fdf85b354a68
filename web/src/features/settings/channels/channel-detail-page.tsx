import { ArrowLeft, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Link, useLocation } from "wouter";
import { ChannelIcon, channelLabel } from "@/components/channel-icon";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { SandboxBadge } from "@/components/sandbox-badge";
import { ErrorState } from "@/components/states";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { errorMessage } from "@/lib/api";
import type { Channel } from "@/lib/types";
import { PageBody } from "../page-header";
import { ChannelConnection, ReauthBanner, UnreadableCredentialsBanner } from "./channel-connection";
import { ChannelSecrets } from "./channel-secrets";
import { ProviderCredentials } from "./provider-credentials";
import { ProviderSettingsCard } from "./provider-settings-card";
import { useChannel, useDeleteChannel, useUpdateChannel } from "./queries";
import { TemplatesCard } from "./templates-card";
import { InstallCard, WebchatSettingsCard } from "./webchat-sections";
import { WebhookEvents } from "./webhook-events";

function Header({ channel: c }: { channel: Channel }) {
  const update = useUpdateChannel(c.id);
  const toggle = (enabled: boolean) =>
    update.mutate(
      { enabled },
      {
        onSuccess: () => toast.success(enabled ? "Channel enabled" : "Channel disabled"),
        onError: (e) => toast.error(errorMessage(e)),
      },
    );
  return (
    <div className="mb-6 flex items-center gap-3">
      <span className="flex size-10 items-center justify-center rounded-lg bg-secondary">
        <ChannelIcon type={c.type} className="size-5" />
      </span>
      <div className="min-w-0 flex-1">
        <h2 className="flex items-center gap-2 text-lg font-semibold tracking-tight">
          <span className="min-w-0 truncate" title={c.name}>
            {c.name}
          </span>
          {c.sandbox ? <SandboxBadge className="shrink-0" /> : null}
        </h2>
        <p className="text-[13px] text-muted-foreground">{channelLabel(c.type)}</p>
      </div>
      <div className="flex shrink-0 items-center gap-2">
        <Label htmlFor="channel-enabled">{c.enabled ? "Enabled" : "Disabled"}</Label>
        <Switch
          id="channel-enabled"
          checked={c.enabled}
          onCheckedChange={toggle}
          disabled={update.isPending}
          data-testid="channel-enabled"
        />
      </div>
    </div>
  );
}

export function ChannelDetailPage({ id }: { id: string }) {
  const channel = useChannel(id);
  const remove = useDeleteChannel();
  const [, navigate] = useLocation();
  const [confirmDelete, setConfirmDelete] = useState(false);

  if (channel.isPending) {
    return (
      <PageBody>
        <Skeleton className="mb-6 h-8 w-60" />
        <Skeleton className="h-40 w-full rounded-lg" />
      </PageBody>
    );
  }
  if (channel.isError) {
    return (
      <PageBody>
        <ErrorState error={channel.error} title="Couldn't load this channel" onRetry={() => void channel.refetch()} />
      </PageBody>
    );
  }
  const c = channel.data;
  const webchat = c.type === "webchat";

  const doDelete = () =>
    remove.mutate(id, {
      onSuccess: () => {
        toast.success("Channel deleted");
        navigate("/settings/channels", { replace: true });
      },
      onError: (e) => toast.error(errorMessage(e)),
    });

  return (
    <PageBody>
      <Link
        href="/settings/channels"
        className="mb-4 inline-flex items-center gap-1 text-[13px] text-muted-foreground hover:text-foreground"
      >
        <ArrowLeft className="size-3.5" /> Channels
      </Link>
      <Header channel={c} />
      <UnreadableCredentialsBanner channel={c} />
      {webchat ? null : <ReauthBanner channel={c} />}
      <div className="flex flex-col gap-5">
        {c.snippet ? <InstallCard snippet={c.snippet} /> : null}
        {webchat ? (
          <>
            <ChannelSecrets channel={c} />
            <WebchatSettingsCard channel={c} />
          </>
        ) : (
          <>
            <ChannelConnection channel={c} />
            {c.type === "whatsapp" ? <TemplatesCard channelId={c.id} sandbox={c.sandbox} /> : null}
            <WebhookEvents channelId={c.id} />
            {/* A sandbox's credentials are generated for its simulator: nothing to manage, unless
                a key change made them unreadable (the banner above points here). */}
            {c.sandbox && !c.health.credentialsUnreadable ? null : <ProviderCredentials channel={c} />}
            <ProviderSettingsCard channel={c} />
          </>
        )}
        <Card className="border-destructive/30">
          <CardHeader className="flex-row items-center justify-between gap-4 pb-5">
            <div>
              <CardTitle>Delete channel</CardTitle>
              <CardDescription>
                {webchat
                  ? "The widget stops working. Past conversations stay in the inbox."
                  : "Messages stop arriving from this account. Past conversations stay in the inbox."}
              </CardDescription>
            </div>
            <Button variant="destructive" size="sm" onClick={() => setConfirmDelete(true)} data-testid="delete-channel">
              <Trash2 /> Delete
            </Button>
          </CardHeader>
        </Card>
      </div>
      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={`Delete “${c.name}”?`}
        description={
          webchat
            ? "This can't be undone. The widget disappears from every site using this snippet."
            : "This can't be undone. Customers writing to this account won't reach the inbox any more."
        }
        confirmLabel="Delete channel"
        destructive
        pending={remove.isPending}
        onConfirm={doDelete}
      />
    </PageBody>
  );
}
