import { type WebhookEventType, type WebhookSubscription, webhookEventTypes } from "@switchboard/contracts";
import { type FormEvent, useEffect, useState } from "react";
import { toast } from "sonner";
import { CopyButton } from "@/components/copy-button";
import { Field } from "@/components/field";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { ApiError, type FieldErrors, errorMessage } from "@/lib/api";
import { useSaveWebhook } from "./queries";

export const eventLabels: Record<WebhookEventType, string> = {
  "conversation.created": "A conversation is opened",
  "conversation.updated": "A conversation changes (status, assignee, priority, new message)",
  "conversation.resolved": "A conversation is resolved",
  "message.created": "A message is sent or received",
  "contact.created": "A contact is created",
  "contact.updated": "A contact is edited",
  "conversation.handoff": "The AI agent hands a conversation to the team",
};

/** Create (subscription = null) or edit a webhook. On creation the parent shows the secret. */
export function WebhookFormDialog({
  open,
  subscription,
  onOpenChange,
  onCreated,
}: {
  open: boolean;
  subscription: WebhookSubscription | null;
  onOpenChange: (o: boolean) => void;
  onCreated: (secret: string, name: string) => void;
}) {
  const save = useSaveWebhook();
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<WebhookEventType[]>([]);
  const [includePrivate, setIncludePrivate] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    setName(subscription?.name ?? "");
    setUrl(subscription?.url ?? "");
    setEvents(subscription?.events ?? ["conversation.created", "message.created"]);
    setIncludePrivate(subscription?.includePrivate ?? false);
    setErrors({});
    setFormError(null);
  }, [open, subscription]);

  const toggle = (e: WebhookEventType) =>
    setEvents((list) => (list.includes(e) ? list.filter((x) => x !== e) : [...list, e]));

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    setErrors({});
    setFormError(null);
    save.mutate(
      { id: subscription?.id, body: { name: name.trim(), url: url.trim(), events, includePrivate } },
      {
        onSuccess: (r) => {
          onOpenChange(false);
          if (r.secret) onCreated(r.secret, r.subscription.name);
          else toast.success("Webhook saved");
        },
        onError: (err) => {
          if (err instanceof ApiError && err.code === "validation_failed") {
            setErrors(err.fieldErrors);
            if (!Object.keys(err.fieldErrors).length) setFormError(err.message);
          } else setFormError(errorMessage(err));
        },
      },
    );
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title={subscription ? `Edit ${subscription.name}` : "New webhook"}
        description="Switchboard POSTs a signed JSON body to this URL when the chosen events happen."
      >
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <Field id="hook-name" label="Name" errors={errors.name}>
            <Input id="hook-name" autoFocus value={name} onChange={(e) => setName(e.target.value)} placeholder="CRM" />
          </Field>
          <Field
            id="hook-url"
            label="Endpoint URL"
            errors={errors.url}
            hint="https:// recommended. Private addresses are refused."
          >
            <Input
              id="hook-url"
              type="url"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://example.com/switchboard/webhooks"
              aria-invalid={!!errors.url}
            />
          </Field>
          <fieldset className="grid gap-1.5">
            <legend className="mb-1 text-[13px] font-medium">Events</legend>
            {webhookEventTypes.map((e) => (
              <label key={e} className="flex cursor-pointer items-start gap-2.5 text-[13px]">
                <input
                  type="checkbox"
                  checked={events.includes(e)}
                  onChange={() => toggle(e)}
                  className="mt-0.5 accent-[var(--color-primary)]"
                />
                <span>
                  <code className="font-mono text-[12px]">{e}</code>
                  <span className="block text-[12px] text-muted-foreground">{eventLabels[e]}</span>
                </span>
              </label>
            ))}
            {errors.events ? <p className="text-xs text-destructive">Choose at least one event.</p> : null}
          </fieldset>
          {events.includes("message.created") ? (
            <label className="flex cursor-pointer items-start gap-2.5 rounded-md border bg-muted/40 p-2.5 text-[13px]">
              <input
                type="checkbox"
                checked={includePrivate}
                onChange={(e) => setIncludePrivate(e.target.checked)}
                className="mt-0.5 accent-[var(--color-primary)]"
              />
              <span>
                Include private notes and activity
                <span className="block text-[12px] text-muted-foreground">
                  Off by default: notes are the team's own and never reach the customer.
                </span>
              </span>
            </label>
          ) : null}
          {formError ? (
            <p role="alert" className="text-[13px] text-destructive">
              {formError}
            </p>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={save.isPending || !events.length}>
              {save.isPending ? <Spinner /> : null} {subscription ? "Save" : "Create webhook"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** The signing secret, once (after creation or rotation). */
export function SecretDialog({ secret, name, onClose }: { secret: string | null; name: string; onClose: () => void }) {
  return (
    <Dialog open={!!secret} onOpenChange={(o) => !o && onClose()}>
      <DialogContent
        className="grid-cols-[minmax(0,1fr)]"
        title={`Signing secret for ${name}`}
        description="Copy it now: it is shown only once. Rotating makes a new one."
      >
        <div className="flex min-w-0 items-center gap-2">
          <code
            data-testid="webhook-secret"
            className="min-w-0 flex-1 rounded-md border bg-muted/60 px-3 py-2 font-mono text-[12px] break-all select-all"
          >
            {secret}
          </code>
          {secret ? <CopyButton value={secret} /> : null}
        </div>
        <p className="text-[12px] leading-relaxed text-muted-foreground">
          Each request carries <code className="font-mono">Switchboard-Signature: t=…,v1=…</code>: the hex HMAC-SHA256
          of <code className="font-mono">{"<t>.<raw body>"}</code> with this secret. Refuse requests whose timestamp is
          more than 5 minutes old. See docs/webhooks.md for a verification snippet.
        </p>
        <DialogFooter>
          <Button onClick={onClose}>Done</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
