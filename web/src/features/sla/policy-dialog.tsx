import { createPolicyBody, type SlaPolicy, type SlaSchedule } from "@switchboard/contracts";
import { type FormEvent, useEffect, useState } from "react";
import { Field } from "@/components/field";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { type ConditionDraft, ConditionEditor, fromDraft, toDraft } from "./condition-editor";
import { FormErrorsAndFooter, useContractSave } from "./contract-form";
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
  const { errors, setErrors, submit } = useContractSave(createPolicyBody, save, {
    saved: editing ? `Saved as version ${(editing?.version ?? 0) + 1}` : "Policy added (last in order)",
    codes: ["validation_failed", "unknown_reference"],
    onSaved: onClose,
  });

  useEffect(() => {
    if (!open) return;
    setName(editing?.name ?? "");
    setScheduleId(editing?.scheduleId ?? "");
    setWarning(String(editing?.warningPercent ?? 75));
    setConditions(editing?.conditions.map(toDraft) ?? []);
    setTargets(toTargetsDraft(editing?.targets ?? STARTER));
    setErrors([]);
  }, [open, editing, setErrors]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const body = {
      name,
      scheduleId: scheduleId || null,
      warningPercent: Number(warning),
      conditions: conditions.map(fromDraft),
      targets: fromTargetsDraft(targets),
    };
    submit(editing?.id, body);
  };

  return (
    <Dialog open={open} onOpenChange={(o) => !o && onClose()}>
      <DialogContent
        title={editing ? `Edit ${editing.name}` : "New SLA policy"}
        description="The first policy in order whose conditions all hold applies. Clocks already running keep the version they started with."
        className="sm:max-w-2xl"
      >
        <form onSubmit={onSubmit} className="grid gap-4" noValidate aria-label="Policy">
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
          <FormErrorsAndFooter
            errors={errors}
            pending={save.isPending}
            label={editing ? "Save new version" : "Add policy"}
            onCancel={onClose}
          />
        </form>
      </DialogContent>
    </Dialog>
  );
}
