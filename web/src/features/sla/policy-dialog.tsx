import { createPolicyBody, type SlaPolicy, type SlaSchedule } from "@switchboard/contracts";
import { type FormEvent, useEffect, useState } from "react";
import { toast } from "sonner";
import { Field } from "@/components/field";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { ApiError, errorMessage } from "@/lib/api";
import { type ConditionDraft, ConditionEditor, fromDraft, toDraft } from "./condition-editor";
import { selectClass } from "./format";
import { useSavePolicy } from "./queries";
import { fromTargetsDraft, type TargetsDraft, TargetsEditor, toTargetsDraft } from "./targets-editor";

/** What a new policy starts from: first reply and resolution for every priority, in business hours. */
const STARTER = {
  urgent: { firstReply: { minutes: 60, hours: "business" }, resolution: { minutes: 240, hours: "business" } },
  high: { firstReply: { minutes: 240, hours: "business" }, resolution: { minutes: 480, hours: "business" } },
  normal: { firstReply: { minutes: 480, hours: "business" }, resolution: { minutes: 1440, hours: "business" } },
  low: { firstReply: { minutes: 960, hours: "business" }, resolution: { minutes: 2400, hours: "business" } },
} as const;

/** Create (`editing` null) or edit an SLA policy; every save of an existing one writes a new version. */
export function PolicyDialog({
  open,
  editing,
  schedules,
  onClose,
}: {
  open: boolean;
  editing: SlaPolicy | null;
  schedules: SlaSchedule[];
  onClose: () => void;
}) {
  const save = useSavePolicy();
  const [name, setName] = useState("");
  const [scheduleId, setScheduleId] = useState("");
  const [warning, setWarning] = useState("75");
  const [conditions, setConditions] = useState<ConditionDraft[]>([]);
  const [targets, setTargets] = useState<TargetsDraft>(() => toTargetsDraft(STARTER));
  const [errors, setErrors] = useState<string[]>([]);

  useEffect(() => {
    if (!open) return;
    setName(editing?.name ?? "");
    setScheduleId(editing?.scheduleId ?? "");
    setWarning(String(editing?.warningPercent ?? 75));
    setConditions(editing?.conditions.map(toDraft) ?? []);
    setTargets(toTargetsDraft(editing?.targets ?? STARTER));
    setErrors([]);
  }, [open, editing]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = {
      name,
      scheduleId: scheduleId || null,
      warningPercent: Number(warning),
      conditions: conditions.map(fromDraft),
      targets: fromTargetsDraft(targets),
    };
    // Checked with the shared contract first, so the admin sees which row is wrong without a round trip.
    const parsed = createPolicyBody.safeParse(body);
    if (!parsed.success) {
      setErrors(parsed.error.issues.map((i) => `${i.path.join(" › ")}: ${i.message}`.replace(/^: /, "")));
      return;
    }
    save.mutate(
      { id: editing?.id, body: parsed.data },
      {
        onSuccess: () => {
          toast.success(editing ? `Saved as version ${editing.version + 1}` : "Policy added (last in order)");
          onClose();
        },
        onError: (err) => {
          if (err instanceof ApiError && (err.code === "validation_failed" || err.code === "unknown_reference"))
            setErrors([err.message, ...Object.values(err.fieldErrors).flatMap((v) => v ?? [])]);
          else toast.error(errorMessage(err));
        },
      },
    );
  };

  return (
    <Dialog open={open} onOpenChange={(o) => !o && onClose()}>
      <DialogContent
        title={editing ? `Edit ${editing.name}` : "New SLA policy"}
        description="The first policy in order whose conditions all hold applies. Clocks already running keep the version they started with."
        className="sm:max-w-2xl"
      >
        <form onSubmit={submit} className="grid gap-4" noValidate aria-label="Policy">
          <div className="grid grid-cols-[1fr_12rem_7rem] gap-3">
            <Field id="policy-name" label="Name">
              <Input id="policy-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />
            </Field>
            <Field id="policy-schedule" label="Business hours">
              <select
                id="policy-schedule"
                className={selectClass}
                value={scheduleId}
                onChange={(e) => setScheduleId(e.target.value)}
              >
                <option value="">Default schedule</option>
                {schedules.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({s.timeZone})
                  </option>
                ))}
              </select>
            </Field>
            <Field id="policy-warning" label="Warn at %">
              <Input
                id="policy-warning"
                inputMode="numeric"
                value={warning}
                onChange={(e) => setWarning(e.target.value)}
              />
            </Field>
          </div>
          <fieldset className="grid gap-1.5">
            <legend className="mb-1.5 text-[13px] font-medium">Conditions (all must hold)</legend>
            <ConditionEditor drafts={conditions} onChange={setConditions} />
          </fieldset>
          <fieldset className="grid gap-1.5">
            <legend className="mb-1.5 text-[13px] font-medium">Targets per priority (empty: no target)</legend>
            <TargetsEditor value={targets} onChange={setTargets} />
          </fieldset>
          {errors.length ? (
            <ul role="alert" className="list-disc pl-5 text-xs text-destructive">
              {errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={save.isPending}>
              {save.isPending ? <Spinner /> : null}
              {editing ? "Save new version" : "Add policy"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
