import { KeyRound, RotateCw, TriangleAlert } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { CopyButton } from "@/components/copy-button";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { errorMessage } from "@/lib/api";
import type { Channel } from "@/lib/types";
import { cn } from "@/lib/utils";
import { revealedSecrets, useUpdateChannel } from "./queries";

function humanize(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[_-]/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

export function ChannelSecrets({ channel }: { channel: Channel }) {
  const update = useUpdateChannel(channel.id);
  // Revealed once: taken from the store on first render, forgotten when the page is left.
  const [revealed, setRevealed] = useState<Record<string, string> | null>(() => {
    const r = revealedSecrets.get(channel.id) ?? null;
    revealedSecrets.delete(channel.id);
    return r;
  });
  const [confirm, setConfirm] = useState(false);

  const rotate = () =>
    update.mutate(
      { rotateSecret: true },
      {
        onSuccess: (res) => {
          setRevealed(res.revealedSecrets);
          setConfirm(false);
          toast.success("Secret rotated");
        },
        onError: (err) => toast.error(errorMessage(err)),
      },
    );

  const keys = Object.keys(revealed ?? channel.secrets);
  const webchat = channel.type === "webchat";
  // Provider credentials have their own card (provider-credentials.tsx).
  if (!webchat) return null;
  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between gap-4">
        <div className="min-w-0">
          <CardTitle>{webchat ? "Identity verification" : "Credentials"}</CardTitle>
          <CardDescription>
            {webchat
              ? "Your backend signs the visitor's user id with this secret (hex HMAC-SHA256) so nobody can impersonate your users."
              : "Stored encrypted. Only the last characters are ever shown."}
          </CardDescription>
        </div>
        {webchat ? (
          <Button variant="outline" size="sm" onClick={() => setConfirm(true)} data-testid="rotate-secret">
            <RotateCw /> Rotate secret
          </Button>
        ) : null}
      </CardHeader>
      {/* One column that may shrink below its content: a revealed secret is one long word, and an
          auto-sized grid track grew to it, pushing the Copy button out of the card. */}
      <CardContent className="grid grid-cols-[minmax(0,1fr)] gap-3">
        {revealed ? (
          <p
            role="status"
            className="flex min-w-0 items-start gap-2 rounded-md bg-amber-500/10 px-3 py-2 text-[12.5px] text-amber-800 dark:text-amber-300"
          >
            <TriangleAlert className="mt-0.5 size-3.5 shrink-0" />
            <span className="min-w-0">Copy the secret now and store it in your backend. It won't be shown again.</span>
          </p>
        ) : null}
        {keys.length === 0 ? <p className="text-[13px] text-muted-foreground">This channel has no secrets.</p> : null}
        {keys.map((k) => (
          <div key={k} className="grid min-w-0 gap-1.5">
            <p className="flex items-center gap-1.5 text-[13px] font-medium">
              <KeyRound className="size-3.5 text-muted-foreground" /> {humanize(k)}
            </p>
            <div className="flex min-w-0 items-start gap-2">
              <code
                data-testid="channel-secret"
                data-revealed={!!revealed}
                className={cn(
                  "min-w-0 flex-1 rounded-md border bg-muted/60 px-3 py-1.5 font-mono text-[12.5px] select-all",
                  // Shown once: all of it, wrapped, so it can be read and checked; masked ones fit one line.
                  revealed ? "break-all" : "truncate",
                )}
              >
                {revealed ? revealed[k] : channel.secrets[k]}
              </code>
              {revealed?.[k] ? <CopyButton value={revealed[k]} /> : null}
            </div>
          </div>
        ))}
      </CardContent>
      <ConfirmDialog
        open={confirm}
        onOpenChange={setConfirm}
        title="Rotate the identity secret?"
        description="The current secret stops working immediately. Visitors signed with it fail verification until your backend uses the new one."
        confirmLabel="Rotate secret"
        destructive
        pending={update.isPending}
        onConfirm={rotate}
      />
    </Card>
  );
}
