import { ArrowLeft, Trash2 } from "lucide-react";
import { type FormEvent, useEffect, useState } from "react";
import { toast } from "sonner";
import { Link, useLocation } from "wouter";
import { ChannelIcon, channelLabel } from "@/components/channel-icon";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { CopyButton } from "@/components/copy-button";
import { ErrorState } from "@/components/states";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Switch } from "@/components/ui/switch";
import { ApiError, errorMessage } from "@/lib/api";
import type { Channel } from "@/lib/types";
import { PageBody } from "../page-header";
import { ChannelConnection } from "./channel-connection";
import { ChannelSecrets } from "./channel-secrets";
import { useChannel, useDeleteChannel, useUpdateChannel, webchatSettings } from "./queries";
import { formErrors, parseOrigins, type WebchatForm, WebchatFields } from "./webchat-fields";

function toForm(c: Channel): WebchatForm {
  const s = webchatSettings(c);
  return {
    name: c.name,
    origins: s.allowedOrigins.join("\n"),
    requireIdentityVerification: s.requireIdentityVerification,
    welcomeMessage: s.welcomeMessage,
    color: s.color,
  };
}

function SettingsCard({ channel }: { channel: Channel }) {
  const update = useUpdateChannel(channel.id);
  const [form, setForm] = useState(() => toForm(channel));
  const [errors, setErrors] = useState<ReturnType<typeof formErrors>>({});
  useEffect(() => setForm(toForm(channel)), [channel]);
  const dirty = JSON.stringify(form) !== JSON.stringify(toForm(channel));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    const origins = parseOrigins(form.origins);
    update.mutate(
      {
        name: form.name.trim(),
        settings: {
          allowedOrigins: origins.length ? origins : ["*"],
          requireIdentityVerification: form.requireIdentityVerification,
          welcomeMessage: form.welcomeMessage,
          color: form.color,
        },
      },
      {
        onSuccess: () => toast.success("Channel saved"),
        onError: (err) => {
          if (err instanceof ApiError && err.code === "validation_failed") setErrors(formErrors(err.fieldErrors));
          else toast.error(errorMessage(err));
        },
      },
    );
  };

  return (
    <Card>
      <form onSubmit={submit}>
        <CardHeader>
          <CardTitle>Widget settings</CardTitle>
        </CardHeader>
        <CardContent>
          <WebchatFields idPrefix="channel" value={form} onChange={setForm} errors={errors} />
        </CardContent>
        <CardFooter className="justify-end">
          <Button variant="ghost" onClick={() => setForm(toForm(channel))} disabled={!dirty}>
            Discard
          </Button>
          <Button type="submit" disabled={!dirty || update.isPending}>
            {update.isPending ? <Spinner /> : null}
            Save changes
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

export function ChannelDetailPage({ id }: { id: string }) {
  const channel = useChannel(id);
  const update = useUpdateChannel(id);
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

  const toggle = (enabled: boolean) =>
    update.mutate(
      { enabled },
      {
        onSuccess: () => toast.success(enabled ? "Channel enabled" : "Channel disabled"),
        onError: (e) => toast.error(errorMessage(e)),
      },
    );

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
      <div className="mb-6 flex items-center gap-3">
        <span className="flex size-10 items-center justify-center rounded-lg bg-secondary">
          <ChannelIcon type={c.type} className="size-5" />
        </span>
        <div className="min-w-0 flex-1">
          <h2 className="truncate text-lg font-semibold tracking-tight">{c.name}</h2>
          <p className="text-[13px] text-muted-foreground">{channelLabel(c.type)}</p>
        </div>
        <div className="flex items-center gap-2">
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
      <div className="flex flex-col gap-5">
        {c.snippet ? (
          <Card>
            <CardHeader>
              <CardTitle>Install</CardTitle>
              <CardDescription>
                Paste this snippet before the closing &lt;/body&gt; tag of every page that should show the chat.
              </CardDescription>
            </CardHeader>
            <CardContent>
              {c.snippet ? (
                <div className="overflow-hidden rounded-lg border bg-zinc-950 dark:bg-black/40">
                  <div className="flex items-center justify-between border-b border-white/10 py-1.5 pr-1.5 pl-4">
                    <span className="text-[11px] font-medium text-zinc-400">HTML</span>
                    <CopyButton
                      value={c.snippet}
                      label="Copy snippet"
                      data-testid="copy-snippet"
                      className="border-white/15 bg-white/5 text-zinc-100 hover:bg-white/10 dark:bg-white/5"
                    />
                  </div>
                  <pre
                    data-testid="channel-snippet"
                    className="p-4 font-mono text-[12px] leading-relaxed break-all whitespace-pre-wrap text-zinc-100"
                  >
                    <code>{c.snippet}</code>
                  </pre>
                </div>
              ) : (
                <p className="text-[13px] text-muted-foreground">This channel has no embed snippet.</p>
              )}
            </CardContent>
          </Card>
        ) : null}
        <ChannelConnection channel={c} />
        <ChannelSecrets channel={c} />
        {c.type === "webchat" ? <SettingsCard channel={c} /> : null}
        <Card className="border-destructive/30">
          <CardHeader className="flex-row items-center justify-between gap-4 pb-5">
            <div>
              <CardTitle>Delete channel</CardTitle>
              <CardDescription>The widget stops working. Past conversations stay in the inbox.</CardDescription>
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
        description="This can't be undone. The widget disappears from every site using this snippet."
        confirmLabel="Delete channel"
        destructive
        pending={remove.isPending}
        onConfirm={doDelete}
      />
    </PageBody>
  );
}
