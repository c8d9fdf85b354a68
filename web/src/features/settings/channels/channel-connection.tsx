import { formatDistanceToNowStrict } from "date-fns";
import { CircleAlert, CircleCheck, Webhook } from "lucide-react";
import { CopyButton } from "@/components/copy-button";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { Channel } from "@/lib/types";

interface Extra {
  sandbox?: boolean;
  webhook?: { url: string; verifyToken: string | null } | null;
  health?: { lastEventAt: string | null; lastErrorAt: string | null; lastError: string | null; needsReauth: boolean };
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <div className="grid gap-1.5">
      <p className="text-[13px] font-medium">{label}</p>
      <div className="flex items-center gap-2">
        <code className="min-w-0 flex-1 truncate rounded-md border bg-muted/60 px-3 py-1.5 font-mono text-[12.5px] select-all">
          {value}
        </code>
        <CopyButton value={value} />
      </div>
    </div>
  );
}

/** Webhook address and health of provider channels (WhatsApp, Telegram, Instagram, X). */
export function ChannelConnection({ channel }: { channel: Channel }) {
  const { webhook, health, sandbox } = channel as Channel & Extra;
  if (!webhook && !health) return null;
  const ago = (iso: string) => formatDistanceToNowStrict(new Date(iso), { addSuffix: true });
  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between gap-4">
        <div>
          <CardTitle className="flex items-center gap-2">
            Connection {sandbox ? <Badge variant="warning">Sandbox</Badge> : null}
          </CardTitle>
          <CardDescription>
            {sandbox
              ? "Connected to the built-in fake provider: try it without an account."
              : "Where the provider delivers messages and status updates."}
          </CardDescription>
        </div>
        <Webhook className="size-4 text-muted-foreground" />
      </CardHeader>
      <CardContent className="grid gap-3">
        {webhook ? <Row label="Webhook URL" value={webhook.url} /> : null}
        {webhook?.verifyToken ? <Row label="Verify token" value={webhook.verifyToken} /> : null}
        {health ? (
          <div className="flex flex-col gap-1.5 rounded-lg border px-3 py-2.5 text-[13px]">
            {health.needsReauth ? (
              <p className="flex items-center gap-1.5 font-medium text-destructive">
                <CircleAlert className="size-3.5" /> Credentials expired: update them to keep receiving messages.
              </p>
            ) : null}
            <p className="flex items-center gap-1.5 text-muted-foreground">
              <CircleCheck className="size-3.5 text-emerald-600" />
              {health.lastEventAt ? `Last event ${ago(health.lastEventAt)}` : "No events received yet"}
            </p>
            {health.lastError && health.lastErrorAt ? (
              <p className="flex items-start gap-1.5 text-destructive">
                <CircleAlert className="mt-0.5 size-3.5 shrink-0" />
                <span>
                  {health.lastError} <span className="text-muted-foreground">({ago(health.lastErrorAt)})</span>
                </span>
              </p>
            ) : null}
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
