import { type FormEvent, useEffect, useState } from "react";
import { toast } from "sonner";
import { CopyButton } from "@/components/copy-button";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { ApiError, errorMessage } from "@/lib/api";
import type { Channel } from "@/lib/types";
import { useUpdateChannel, webchatSettings } from "./queries";
import { formErrors, parseOrigins, WebchatFields, type WebchatForm } from "./webchat-fields";

export function InstallCard({ snippet }: { snippet: string }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Install</CardTitle>
        <CardDescription>
          Paste this snippet before the closing &lt;/body&gt; tag of every page that should show the chat.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <div className="overflow-hidden rounded-lg border bg-zinc-950 dark:bg-black/40">
          <div className="flex items-center justify-between border-b border-white/10 py-1.5 pr-1.5 pl-4">
            <span className="text-[11px] font-medium text-zinc-400">HTML</span>
            <CopyButton
              value={snippet}
              label="Copy snippet"
              data-testid="copy-snippet"
              className="border-white/15 bg-white/5 text-zinc-100 hover:bg-white/10 dark:bg-white/5"
            />
          </div>
          <pre
            data-testid="channel-snippet"
            className="p-4 font-mono text-[12px] leading-relaxed break-all whitespace-pre-wrap text-zinc-100"
          >
            <code>{snippet}</code>
          </pre>
        </div>
      </CardContent>
    </Card>
  );
}

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

export function WebchatSettingsCard({ channel }: { channel: Channel }) {
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
