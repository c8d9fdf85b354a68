import { CircleAlert, CircleCheck, CircleDashed, FlaskConical, PlugZap, Smartphone, Webhook } from "lucide-react";
import { useState } from "react";
import { Link } from "wouter";
import { channelLabel } from "@/components/channel-icon";
import { CopyButton } from "@/components/copy-button";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/api";
import { fullTime, timeAgo as ago } from "@/lib/time";
import type { Channel } from "@/lib/types";
import { cn } from "@/lib/utils";
import { useTestChannel } from "./queries";

const instructions: Record<string, string> = {
  whatsapp:
    "Meta App Dashboard → WhatsApp → Configuration → Webhook → Edit: paste the callback URL and the verify token, click “Verify and save”, then subscribe to the messages and message_template_status_update fields.",
  telegram:
    "Nothing to paste: we registered this URL with Telegram (setWebhook, with a secret token) when the channel was connected.",
  instagram:
    "Meta App Dashboard → Instagram → Webhooks: paste the callback URL and the verify token, then subscribe to messages, messaging_seen, message_reactions and message_edit.",
  x: "developer.x.com → your app → Account Activity API: register this URL as the webhook (X checks it with a CRC signed by your consumer secret), then subscribe the account.",
};

function Row({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="grid gap-1.5">
      <p className="text-[13px] font-medium">{label}</p>
      <div className="flex items-center gap-2">
        <code
          data-testid={testId}
          className="min-w-0 flex-1 truncate rounded-md border bg-muted/60 px-3 py-1.5 font-mono text-[12.5px] select-all"
        >
          {value}
        </code>
        <CopyButton value={value} aria-label={`Copy ${label.toLowerCase()}`} />
      </div>
    </div>
  );
}

/** A key change left the stored credentials unreadable: say so, and how to fix it. */
export function UnreadableCredentialsBanner({ channel }: { channel: Channel }) {
  if (!channel.health?.credentialsUnreadable) return null;
  const webchat = channel.type === "webchat";
  return (
    <div
      role="alert"
      data-testid="credentials-unreadable"
      className="mb-5 flex items-start gap-2.5 rounded-lg border border-red-500/40 bg-red-500/10 px-4 py-3 text-[13px] text-red-800 dark:text-red-300"
    >
      <CircleAlert className="mt-0.5 size-4 shrink-0" />
      <div>
        <p className="font-semibold">Credentials unreadable: enter them again</p>
        <p className="mt-0.5">
          The server's secret key changed, and none of the configured keys opens this channel's stored{" "}
          {webchat ? "identity secret" : "credentials"}. Until then{" "}
          {webchat ? "identity verification is refused" : "webhooks are refused and nothing is sent"}.{" "}
          {webchat
            ? "Rotate the identity secret below and update your site, or"
            : "Enter the credentials again under Credentials, or"}{" "}
          list the old key in <code className="font-mono">SECRET_KEYS</code> and restart.
        </p>
      </div>
    </div>
  );
}

/** Red banner at the top of a provider channel whose credentials were refused. */
export function ReauthBanner({ channel }: { channel: Channel }) {
  if (!channel.health?.needsReauth) return null;
  return (
    <div
      role="alert"
      data-testid="needs-reauth"
      className="mb-5 flex items-start gap-2.5 rounded-lg border border-red-500/40 bg-red-500/10 px-4 py-3 text-[13px] text-red-800 dark:text-red-300"
    >
      <CircleAlert className="mt-0.5 size-4 shrink-0" />
      <div>
        <p className="font-semibold">Needs re-authorisation</p>
        <p className="mt-0.5">
          The provider refused this channel's credentials, so messages may not arrive or leave. Replace them under
          Credentials, then use “Test connection”.
        </p>
      </div>
    </div>
  );
}

function TestConnection({ channelId }: { channelId: string }) {
  const test = useTestChannel(channelId);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const run = () =>
    test.mutate(undefined, {
      onSuccess: setResult,
      onError: (err) => setResult({ ok: false, message: errorMessage(err) }),
    });
  return (
    <div className="flex flex-wrap items-center gap-3 border-t pt-4">
      <Button variant="outline" size="sm" onClick={run} disabled={test.isPending} data-testid="test-connection">
        {test.isPending ? <Spinner /> : <PlugZap />} Test connection
      </Button>
      {result ? (
        <p
          role="status"
          data-testid="test-result"
          data-ok={result.ok}
          className={cn(
            "flex min-w-0 flex-1 items-start gap-1.5 text-[13px]",
            result.ok ? "text-emerald-700 dark:text-emerald-400" : "text-destructive",
          )}
        >
          {result.ok ? (
            <CircleCheck className="mt-0.5 size-3.5 shrink-0" />
          ) : (
            <CircleAlert className="mt-0.5 size-3.5 shrink-0" />
          )}
          {result.message}
        </p>
      ) : (
        <p className="text-xs text-muted-foreground">Makes a cheap authenticated call to the provider.</p>
      )}
    </div>
  );
}

function Health({ channel: { health } }: { channel: Channel }) {
  return (
    <div className="grid gap-1.5 text-[13px]" data-testid="channel-health">
      <p className="flex items-center gap-1.5">
        {health.lastEventAt ? (
          <CircleCheck className="size-3.5 text-emerald-600 dark:text-emerald-400" />
        ) : (
          <CircleDashed className="size-3.5 text-muted-foreground" />
        )}
        {health.lastEventAt ? (
          <span title={fullTime(health.lastEventAt)}>Last event received {ago(health.lastEventAt)}</span>
        ) : (
          <span className="text-muted-foreground">No events received yet</span>
        )}
      </p>
      {health.lastError ? (
        <p className="flex items-start gap-1.5 text-destructive" data-testid="channel-last-error">
          <CircleAlert className="mt-0.5 size-3.5 shrink-0" />
          <span className="min-w-0 break-words">
            {health.lastError}
            {health.lastErrorAt ? (
              <span className="text-muted-foreground" title={fullTime(health.lastErrorAt)}>
                {" "}
                · {ago(health.lastErrorAt)}
              </span>
            ) : null}
          </span>
        </p>
      ) : null}
    </div>
  );
}

/**
 * A sandbox channel has no provider to set up (its simulator already sends signed webhooks to us):
 * no webhook URL, token or "Test connection", only what it is and how to try it.
 */
function SandboxConnection({ channel }: { channel: Channel }) {
  const label = channelLabel(channel.type);
  return (
    <Card data-testid="sandbox-connection">
      <CardHeader className="flex-row items-start justify-between gap-4">
        <div className="min-w-0">
          <CardTitle>Simulated {label}</CardTitle>
          <CardDescription>
            This channel is connected to Switchboard's built-in {label} simulator, not to {providerName(channel.type)}.
            You play the customers; their messages go through the real webhook, signature check and delivery, and
            nothing leaves this server. There is nothing to set up.
          </CardDescription>
        </div>
        <FlaskConical className="size-4 shrink-0 text-muted-foreground" />
      </CardHeader>
      <CardContent className="grid grid-cols-[minmax(0,1fr)] gap-4">
        <div className="grid gap-1.5 text-[13px]">
          <p className="font-medium">Try it</p>
          <ol className="ml-4 list-decimal space-y-0.5 text-muted-foreground">
            <li>Open Try it and write to your business as the customer, from the simulated phone.</li>
            <li>The conversation arrives in the inbox: answer it there, as you would a real one.</li>
            <li>The phone shows your reply, with the delivery and read receipts {label} gives.</li>
          </ol>
        </div>
        <div>
          <Button asChild size="sm" data-testid="open-try-it">
            <Link href={`/sandbox?channel=${channel.id}`}>
              <Smartphone /> Open Try it
            </Link>
          </Button>
        </div>
        <Health channel={channel} />
      </CardContent>
    </Card>
  );
}

const providerNames: Record<string, string> = {
  whatsapp: "Meta",
  instagram: "Meta",
  telegram: "Telegram",
  x: "X",
};
const providerName = (type: string) => providerNames[type] ?? "the provider";

/** Webhook address, instructions, health and a connection test for provider channels. */
export function ChannelConnection({ channel }: { channel: Channel }) {
  const { webhook } = channel;
  if (channel.sandbox) return <SandboxConnection channel={channel} />;
  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between gap-4">
        <div className="min-w-0">
          <CardTitle>Connection</CardTitle>
          <CardDescription>Where the provider delivers messages and status updates.</CardDescription>
        </div>
        <Webhook className="size-4 shrink-0 text-muted-foreground" />
      </CardHeader>
      <CardContent className="grid grid-cols-[minmax(0,1fr)] gap-4">
        {webhook ? <Row label="Webhook URL" value={webhook.url} testId="webhook-url" /> : null}
        {webhook?.verifyToken ? <Row label="Verify token" value={webhook.verifyToken} testId="verify-token" /> : null}
        {instructions[channel.type] ? (
          <p className="rounded-md bg-secondary/70 px-3 py-2 text-[12.5px] text-muted-foreground">
            <span className="font-medium text-foreground">Where to paste them: </span>
            {instructions[channel.type]}
          </p>
        ) : null}
        <Health channel={channel} />
        <TestConnection channelId={channel.id} />
      </CardContent>
    </Card>
  );
}
