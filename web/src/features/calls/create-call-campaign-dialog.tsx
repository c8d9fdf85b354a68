import { type CreateCallCampaignBody, createCallCampaignBody } from "@switchboard/contracts";
import { X } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { useLocation } from "wouter";
import { Field } from "@/components/field";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { useContactList } from "@/features/contacts/queries";
import { useSegments } from "@/features/contacts/segments/queries";
import { languageName } from "@/features/flows/labels";
import { useFlows } from "@/features/flows/queries";
import { ApiError, errorMessage } from "@/lib/api";
import { cn } from "@/lib/utils";
import { useCreateCallCampaign } from "./campaign-queries";

const selectCls =
  "h-8 w-full rounded-md border border-input bg-background px-2 text-[13px] dark:bg-input/20 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring";
const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** The contract's issues by dotted path, first message per path (the server parses the same schema). */
function bodyErrors(body: unknown): Record<string, string> {
  const r = createCallCampaignBody.safeParse(body);
  if (r.success) return {};
  const out: Record<string, string> = {};
  for (const i of r.error.issues) out[i.path.map(String).join(".")] ??= i.message;
  return out;
}
const under = (e: Record<string, string>, prefix: string) =>
  Object.entries(e).find(([p]) => p === prefix || p.startsWith(`${prefix}.`))?.[1];

/** New call campaign: name, flow, audience (contacts or a segment), calling hours, concurrency, retries. */
export function CreateCallCampaignDialog({ onClose }: { onClose: () => void }) {
  const [, navigate] = useLocation();
  const flows = useFlows();
  const segments = useSegments();
  const [q, setQ] = useState("");
  const contacts = useContactList(q);
  const [name, setName] = useState("");
  const [flowId, setFlowId] = useState("");
  const defaultFlow = flows.data?.items.find((f) => /partnership/i.test(f.name))?.id ?? flows.data?.items[0]?.id ?? "";
  const flow = flowId || defaultFlow;
  const [kind, setKind] = useState<"contacts" | "segment">("contacts");
  const [picked, setPicked] = useState<Map<string, string>>(new Map());
  const [segmentId, setSegmentId] = useState("");
  const [hours, setHours] = useState({ start: "09:00", end: "18:00", days: [1, 2, 3, 4, 5] });
  const [concurrency, setConcurrency] = useState(2);
  const [noAnswer, setNoAnswer] = useState({ maxAttempts: 3, spacingMinutes: 60 });
  const [busy, setBusy] = useState({ maxAttempts: 3, spacingMinutes: 15 });
  const [sandbox, setSandbox] = useState(false);
  const [tried, setTried] = useState(false);
  const create = useCreateCallCampaign();

  const body: CreateCallCampaignBody = {
    name,
    flowId: flow || null,
    audience: kind === "segment" ? { segmentId: segmentId || undefined } : { contactIds: [...picked.keys()] },
    callingHours: hours,
    concurrency,
    sandbox,
    retries: { noAnswer, busy },
  };
  const errors: Record<string, string> = {
    ...bodyErrors(body),
    ...(name.trim() ? {} : { name: "Give the campaign a name" }),
    ...(flow ? {} : { flowId: "Choose the conversation flow" }),
    ...(kind === "segment" && !segmentId ? { audience: "Choose a segment" } : {}),
    ...(kind === "contacts" && !picked.size ? { audience: "Pick at least one contact" } : {}),
  };
  const shown = tried ? errors : {};

  const submit = async () => {
    setTried(true);
    if (Object.keys(errors).length) return;
    try {
      const c = await create.mutateAsync(body);
      toast.success("Call campaign created (a draft: nobody is called before you start it)");
      onClose();
      navigate(`/call-campaigns/${c.id}`);
    } catch (err) {
      toast.error(err instanceof ApiError ? err.message : errorMessage(err));
    }
  };

  const found = (contacts.data?.pages.flatMap((p) => p.items) ?? []).filter((c) => !picked.has(c.id)).slice(0, 5);
  const num = (v: string, min: number, max: number) => Math.max(min, Math.min(max, Math.round(Number(v) || min)));

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent
        title="New call campaign"
        description="Saved as a draft; calls start when you press Start on its page."
        className="max-w-xl"
      >
        <form
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Field id="cc-name" label="Name" errors={shown.name ? [shown.name] : undefined}>
            <Input
              id="cc-name"
              data-testid="cc-name"
              value={name}
              autoFocus
              onChange={(e) => setName(e.target.value)}
              placeholder="Pune labs, December"
            />
          </Field>
          <Field id="cc-flow" label="Conversation flow" errors={shown.flowId ? [shown.flowId] : undefined}>
            <select
              id="cc-flow"
              data-testid="cc-flow"
              className={selectCls}
              value={flow}
              onChange={(e) => setFlowId(e.target.value)}
              disabled={flows.isPending}
            >
              {flows.isPending ? <option value="">Loading flows…</option> : null}
              {flows.isError ? <option value="">Couldn't load flows</option> : null}
              {flows.data?.items.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name} ({f.steps} steps, {languageName(f.language)})
                </option>
              ))}
            </select>
          </Field>

          <fieldset className="grid gap-2">
            <legend className="mb-1 text-[13px] font-medium">Who is called</legend>
            <div className="flex gap-1" role="radiogroup" aria-label="Audience">
              {(["contacts", "segment"] as const).map((k) => (
                <Button
                  key={k}
                  type="button"
                  size="sm"
                  variant={kind === k ? "secondary" : "ghost"}
                  role="radio"
                  aria-checked={kind === k}
                  onClick={() => setKind(k)}
                  data-testid={`cc-audience-${k}`}
                >
                  {k === "contacts" ? "Contacts" : "A segment"}
                </Button>
              ))}
            </div>
            {kind === "contacts" ? (
              <div className="grid gap-2">
                {picked.size ? (
                  <ul className="flex flex-wrap gap-1" aria-label="Picked contacts">
                    {[...picked].map(([id, label]) => (
                      <li
                        key={id}
                        className="flex items-center gap-1 rounded-full bg-secondary px-2 py-0.5 text-xs"
                        data-testid="cc-picked"
                      >
                        {label}
                        <button
                          type="button"
                          aria-label={`Remove ${label}`}
                          onClick={() => setPicked((m) => new Map([...m].filter(([k]) => k !== id)))}
                        >
                          <X className="size-3" />
                        </button>
                      </li>
                    ))}
                  </ul>
                ) : null}
                <Input
                  aria-label="Search contacts"
                  data-testid="cc-contact-search"
                  placeholder="Search contacts by name or phone"
                  value={q}
                  onChange={(e) => setQ(e.target.value)}
                />
                <ul className="max-h-36 overflow-y-auto rounded-md border" aria-label="Contacts found">
                  {contacts.isPending ? (
                    <li className="px-2 py-1.5 text-[13px] text-muted-foreground">Loading…</li>
                  ) : contacts.isError ? (
                    <li className="px-2 py-1.5 text-[13px] text-destructive">{errorMessage(contacts.error)}</li>
                  ) : !found.length ? (
                    <li className="px-2 py-1.5 text-[13px] text-muted-foreground">No other contacts match.</li>
                  ) : (
                    found.map((c) => (
                      <li key={c.id}>
                        <button
                          type="button"
                          data-testid="cc-contact"
                          disabled={!c.phone}
                          title={c.phone ? undefined : "No phone number: it would be skipped"}
                          className="flex w-full items-center justify-between gap-2 px-2 py-1.5 text-left text-[13px] hover:bg-accent disabled:opacity-50"
                          onClick={() => setPicked((m) => new Map(m).set(c.id, c.name ?? c.phone ?? "Contact"))}
                        >
                          <span className="truncate">{c.name ?? "Unnamed contact"}</span>
                          <span className="shrink-0 text-xs text-muted-foreground tabular-nums">
                            {c.phone ?? "no phone"}
                          </span>
                        </button>
                      </li>
                    ))
                  )}
                </ul>
              </div>
            ) : (
              <select
                aria-label="Segment"
                data-testid="cc-segment"
                className={selectCls}
                value={segmentId}
                onChange={(e) => setSegmentId(e.target.value)}
              >
                <option value="">{segments.isPending ? "Loading segments…" : "Choose a segment"}</option>
                {segments.data?.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
            {shown.audience || under(shown, "audience") ? (
              <p className="text-xs text-destructive">{shown.audience ?? under(shown, "audience")}</p>
            ) : (
              <p className="text-xs text-muted-foreground">
                Opted-out contacts and contacts without a phone number are skipped, never called.
              </p>
            )}
          </fieldset>

          <fieldset className="grid gap-2">
            <legend className="mb-1 text-[13px] font-medium">Calling hours (each callee's local time)</legend>
            <div className="flex flex-wrap items-center gap-2 text-[13px]">
              <Input
                type="time"
                aria-label="From"
                className="h-8 w-28"
                value={hours.start}
                onChange={(e) => setHours((h) => ({ ...h, start: e.target.value }))}
              />
              to
              <Input
                type="time"
                aria-label="Until"
                className="h-8 w-28"
                value={hours.end}
                onChange={(e) => setHours((h) => ({ ...h, end: e.target.value }))}
              />
              <fieldset className="flex gap-0.5">
                <legend className="sr-only">Days</legend>
                {DAYS.map((d, i) => {
                  const on = hours.days.includes(i + 1);
                  return (
                    <button
                      key={d}
                      type="button"
                      aria-pressed={on}
                      onClick={() =>
                        setHours((h) => ({
                          ...h,
                          days: on ? h.days.filter((x) => x !== i + 1) : [...h.days, i + 1].sort(),
                        }))
                      }
                      className={cn(
                        "h-7 w-9 rounded-md border text-xs",
                        on ? "border-primary bg-primary/10 font-medium text-primary" : "text-muted-foreground",
                      )}
                    >
                      {d}
                    </button>
                  );
                })}
              </fieldset>
            </div>
            {under(shown, "callingHours") ? (
              <p className="text-xs text-destructive">{under(shown, "callingHours")}</p>
            ) : null}
          </fieldset>

          <div className="grid grid-cols-3 gap-3">
            <Field
              id="cc-concurrency"
              label="Calls at once"
              errors={shown.concurrency ? [shown.concurrency] : undefined}
            >
              <Input
                id="cc-concurrency"
                type="number"
                min={1}
                max={50}
                className="h-8"
                value={concurrency}
                onChange={(e) => setConcurrency(num(e.target.value, 1, 50))}
              />
            </Field>
            <Field id="cc-na" label="No answer: tries, gap (min)">
              <div className="flex gap-1">
                <Input
                  id="cc-na"
                  type="number"
                  aria-label="No answer: calls in all"
                  min={1}
                  max={10}
                  className="h-8"
                  value={noAnswer.maxAttempts}
                  onChange={(e) => setNoAnswer((r) => ({ ...r, maxAttempts: num(e.target.value, 1, 10) }))}
                />
                <Input
                  type="number"
                  aria-label="No answer: minutes between calls"
                  min={1}
                  className="h-8"
                  value={noAnswer.spacingMinutes}
                  onChange={(e) => setNoAnswer((r) => ({ ...r, spacingMinutes: num(e.target.value, 1, 10080) }))}
                />
              </div>
            </Field>
            <Field id="cc-busy" label="Busy: tries, gap (min)">
              <div className="flex gap-1">
                <Input
                  id="cc-busy"
                  type="number"
                  aria-label="Busy: calls in all"
                  min={1}
                  max={10}
                  className="h-8"
                  value={busy.maxAttempts}
                  onChange={(e) => setBusy((r) => ({ ...r, maxAttempts: num(e.target.value, 1, 10) }))}
                />
                <Input
                  type="number"
                  aria-label="Busy: minutes between calls"
                  min={1}
                  className="h-8"
                  value={busy.spacingMinutes}
                  onChange={(e) => setBusy((r) => ({ ...r, spacingMinutes: num(e.target.value, 1, 10080) }))}
                />
              </div>
            </Field>
          </div>

          <div className="flex items-start gap-3 rounded-md border border-dashed p-3">
            <Switch id="cc-sandbox" checked={sandbox} onCheckedChange={setSandbox} data-testid="cc-sandbox" />
            <label htmlFor="cc-sandbox" className="text-[13px]">
              <span className="font-medium">Sandbox</span>
              <span className="block text-muted-foreground">
                No phone calls: each call is answered in the console and you play the callee by typing. Nothing is
                recorded.
              </span>
            </label>
          </div>

          <DialogFooter>
            <Button type="button" variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending} data-testid="cc-create">
              Create draft
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
