import type { BusinessHours } from "@switchboard/contracts";
import { Field } from "@/components/field";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import type { Channel } from "@/lib/types";
import { ListEditor } from "./list-editor";
import { selectClass } from "./provider-card";
import { type AiForm, type AiFormErrors, DAYS } from "./settings-form";

type Set = <K extends keyof AiForm>(k: K, v: AiForm[K]) => void;
interface Props {
  form: AiForm;
  errors: AiFormErrors;
  set: Set;
}

export function BehaviourCard({ form, errors, set, llm }: Props & { llm: boolean }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Behaviour</CardTitle>
        <CardDescription>
          How the AI speaks, what it must never do, and what customers read at a handoff.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {llm ? (
          <>
            <Field
              id="ai-persona"
              label="Persona"
              hint="The AI's role and tone, in your words."
              errors={errors.persona}
            >
              <Textarea
                id="ai-persona"
                rows={4}
                maxLength={4000}
                value={form.persona}
                onChange={(e) => set("persona", e.target.value)}
              />
            </Field>
            <Field
              id="ai-guidance"
              label="Guidance rules"
              hint="Short instructions checked before every reply, e.g. “Never promise a delivery date”."
              errors={errors.guidance}
            >
              <ListEditor
                id="ai-guidance"
                label="Rule"
                items={form.guidance}
                onChange={(g) => set("guidance", g)}
                placeholder="Hand off when the customer mentions a chargeback"
              />
            </Field>
          </>
        ) : null}
        <Field
          id="ai-handoff"
          label="Handoff message"
          hint="Sent when a person takes over."
          errors={errors.handoffMessage}
        >
          <Textarea
            id="ai-handoff"
            rows={2}
            maxLength={1000}
            value={form.handoffMessage}
            onChange={(e) => set("handoffMessage", e.target.value)}
          />
        </Field>
        <Field
          id="ai-offline"
          label="Offline message"
          hint="Sent at a handoff when nobody from the team is online."
          errors={errors.offlineMessage}
        >
          <Textarea
            id="ai-offline"
            rows={2}
            maxLength={1000}
            value={form.offlineMessage}
            onChange={(e) => set("offlineMessage", e.target.value)}
          />
        </Field>
      </CardContent>
    </Card>
  );
}

function NumberField({
  id,
  label,
  hint,
  unit,
  value,
  errors,
  onChange,
}: {
  id: string;
  label: string;
  hint: string;
  unit: string;
  value: string;
  errors?: string[];
  onChange: (v: string) => void;
}) {
  return (
    <Field id={id} label={label} hint={hint} errors={errors}>
      <div className="flex items-center gap-2">
        <Input
          id={id}
          inputMode="decimal"
          className="w-24"
          value={value}
          aria-invalid={!!errors}
          onChange={(e) => onChange(e.target.value)}
        />
        <span className="text-[13px] text-muted-foreground">{unit}</span>
      </div>
    </Field>
  );
}

export function LimitsCard({ form, errors, set }: Props) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Handoff and timing</CardTitle>
      </CardHeader>
      <CardContent className="grid grid-cols-2 gap-4">
        <NumberField
          id="ai-max-turns"
          label="Maximum AI replies"
          unit="per conversation"
          hint="Then a person takes over."
          value={form.maxTurns}
          errors={errors.maxTurns}
          onChange={(v) => set("maxTurns", v)}
        />
        <NumberField
          id="ai-confidence"
          label="Confidence threshold"
          unit="%"
          hint="Below it, the answer matcher hands off."
          value={form.confidence}
          errors={errors.confidence}
          onChange={(v) => set("confidence", v)}
        />
        <NumberField
          id="ai-delay"
          label="Reply delay"
          unit="seconds"
          hint="Waits for more messages: a burst gets one reply."
          value={form.replyDelaySeconds}
          errors={errors.replyDelaySeconds}
          onChange={(v) => set("replyDelaySeconds", v)}
        />
        <NumberField
          id="ai-resolved"
          label="Assume resolved after"
          unit="minutes"
          hint="Of customer silence after an AI answer."
          value={form.assumeResolvedAfterMinutes}
          errors={errors.assumeResolvedAfterMinutes}
          onChange={(v) => set("assumeResolvedAfterMinutes", v)}
        />
      </CardContent>
    </Card>
  );
}

export function HoursCard({ form, errors, set }: Props) {
  const bh = form.businessHours;
  const put = (next: Partial<BusinessHours>) => set("businessHours", { ...bh, ...next });
  const dayOf = (d: number) => bh.hours.find((h) => h.day === d);
  const toggleDay = (d: number, on: boolean) =>
    put({
      hours: on
        ? [...bh.hours, { day: d, start: "09:00", end: "17:00" }].sort((a, b) => a.day - b.day)
        : bh.hours.filter((h) => h.day !== d),
    });
  const setTime = (d: number, k: "start" | "end", v: string) =>
    put({ hours: bh.hours.map((h) => (h.day === d ? { ...h, [k]: v } : h)) });
  return (
    <Card>
      <CardHeader>
        <CardTitle>Business hours</CardTitle>
        <CardDescription>When the AI answers first.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <div className="grid grid-cols-2 gap-4">
          <Field id="ai-hours-mode" label="The AI answers">
            <select
              id="ai-hours-mode"
              className={selectClass}
              value={bh.mode}
              onChange={(e) => put({ mode: e.target.value as BusinessHours["mode"] })}
            >
              <option value="always">Always</option>
              <option value="outside_hours">Only outside office hours</option>
              <option value="inside_hours">Only during office hours</option>
            </select>
          </Field>
          <Field id="ai-timezone" label="Time zone" hint="IANA name, e.g. Europe/Madrid" errors={errors.businessHours}>
            <Input
              id="ai-timezone"
              value={bh.timezone}
              maxLength={64}
              onChange={(e) => put({ timezone: e.target.value })}
            />
          </Field>
        </div>
        {bh.mode !== "always" ? (
          <fieldset className="grid gap-1.5">
            <legend className="mb-1.5 text-[13px] font-medium">Office hours</legend>
            {[1, 2, 3, 4, 5, 6, 0].map((d) => {
              const h = dayOf(d);
              return (
                <div key={d} className="flex items-center gap-3 text-[13px]">
                  <label className="flex w-20 items-center gap-2">
                    <input
                      type="checkbox"
                      checked={!!h}
                      onChange={(e) => toggleDay(d, e.target.checked)}
                      className="accent-primary"
                    />
                    {DAYS[d]}
                  </label>
                  {h ? (
                    <>
                      <Input
                        type="time"
                        aria-label={`${DAYS[d]} opens`}
                        className="w-28"
                        value={h.start}
                        onChange={(e) => setTime(d, "start", e.target.value)}
                      />
                      <span className="text-muted-foreground">to</span>
                      <Input
                        type="time"
                        aria-label={`${DAYS[d]} closes`}
                        className="w-28"
                        value={h.end}
                        onChange={(e) => setTime(d, "end", e.target.value)}
                      />
                    </>
                  ) : (
                    <span className="text-muted-foreground">Closed</span>
                  )}
                </div>
              );
            })}
          </fieldset>
        ) : null}
      </CardContent>
    </Card>
  );
}

export function ChannelsCard({ form, set, channels, errors }: Props & { channels: Channel[] | undefined }) {
  const on = new Set(form.channelIds);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Channels</CardTitle>
        <CardDescription>New conversations on these channels start with the AI.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-2">
        {channels === undefined ? (
          <p className="text-[13px] text-muted-foreground">Loading channels…</p>
        ) : channels.length === 0 ? (
          <p className="text-[13px] text-muted-foreground">No channels yet. Connect one in Settings → Channels.</p>
        ) : (
          channels.map((c) => (
            <div key={c.id} className="flex items-center justify-between gap-3 rounded-md px-1 py-1 text-[13px]">
              <span className="min-w-0 truncate">
                {c.name} <span className="text-muted-foreground">· {c.type}</span>
              </span>
              <Switch
                aria-label={`AI on ${c.name}`}
                checked={on.has(c.id)}
                onCheckedChange={(v) =>
                  set("channelIds", v ? [...form.channelIds, c.id] : form.channelIds.filter((x) => x !== c.id))
                }
              />
            </div>
          ))
        )}
        {errors.channelIds ? <p className="text-xs text-destructive">{errors.channelIds.join(" ")}</p> : null}
      </CardContent>
    </Card>
  );
}
