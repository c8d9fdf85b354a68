import { createScheduleBody, type SlaSchedule } from "@switchboard/contracts";
import { Plus, Trash2 } from "lucide-react";
import { type FormEvent, useEffect, useMemo, useState } from "react";
import { Field } from "@/components/field";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { FormErrorsAndFooter, useContractSave } from "./contract-form";
import { DAYS, rowKey, selectClass, timeZones } from "./format";
import { useSaveSchedule } from "./queries";

type Period = { key: string; day: number; start: string; end: string };
type Holiday = { key: string; date: string; name: string };

const weekdays = (): Period[] => [1, 2, 3, 4, 5].map((day) => ({ key: rowKey(), day, start: "09:00", end: "17:00" }));
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

/** Create (`editing` null) or edit a business-hours schedule: weekly periods (several a day), a zone, holidays. */
export function ScheduleDialog({
  open,
  editing,
  onClose,
}: {
  open: boolean;
  editing: SlaSchedule | null;
  onClose: () => void;
}) {
  const save = useSaveSchedule();
  const zones = useMemo(timeZones, []);
  const [name, setName] = useState("");
  const [timeZone, setTimeZone] = useState("UTC");
  const [periods, setPeriods] = useState<Period[]>([]);
  const [holidays, setHolidays] = useState<Holiday[]>([]);
  const { errors, setErrors, submit } = useContractSave(createScheduleBody, save, {
    saved: editing ? "Schedule saved" : "Schedule added",
    codes: ["validation_failed"],
    onSaved: onClose,
  });

  useEffect(() => {
    if (!open) return;
    setName(editing?.name ?? "");
    setTimeZone(editing?.timeZone ?? browserZone());
    setPeriods(editing ? editing.periods.map((p) => ({ ...p, key: rowKey() })) : weekdays());
    setHolidays((editing?.holidays ?? []).map((h) => ({ ...h, key: rowKey() })));
    setErrors([]);
  }, [open, editing, setErrors]);

  const setPeriod = (i: number, patch: Partial<Period>) =>
    setPeriods(periods.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const addPeriod = (day: number) => {
    const last = periods.filter((p) => p.day === day).at(-1);
    // A second period of the day starts where the first ended (a lunch break is the usual reason).
    const start = last ? (last.end < "23:00" ? last.end : "23:00") : "09:00";
    setPeriods([...periods, { key: rowKey(), day, start, end: last ? "24:00" : "17:00" }]);
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const body = {
      name,
      timeZone,
      periods: periods.map(({ day, start, end }) => ({ day, start, end })),
      holidays: holidays.map(({ date, name }) => ({ date, name })),
    };
    submit(editing?.id, body);
  };

  return (
    <Dialog open={open} onOpenChange={(o) => !o && onClose()}>
      <DialogContent
        title={editing ? `Edit ${editing.name}` : "New business-hours schedule"}
        description="Business-hour targets count only inside these periods (HH:MM, 24:00 ends the day), in this time zone, and skip the holidays."
        className="sm:max-w-xl"
      >
        <form onSubmit={onSubmit} className="grid gap-4" noValidate aria-label="Schedule">
          <div className="grid grid-cols-[1fr_14rem] gap-3">
            <Field id="sched-name" label="Name">
              <Input id="sched-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />
            </Field>
            <Field id="sched-zone" label="Time zone">
              <select
                id="sched-zone"
                className={selectClass}
                value={timeZone}
                onChange={(e) => setTimeZone(e.target.value)}
              >
                {zones.map((z) => (
                  <option key={z} value={z}>
                    {z}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <fieldset className="grid gap-1.5">
            <legend className="mb-1.5 text-[13px] font-medium">Working periods</legend>
            {DAYS.map((label, d) => {
              const day = d + 1;
              const rows = periods.map((p, i) => ({ p, i })).filter(({ p }) => p.day === day);
              return (
                <div key={label} className="flex items-start gap-2 border-t py-1.5 first-of-type:border-t-0">
                  <span className="w-10 pt-1.5 text-[13px] text-muted-foreground">{label}</span>
                  <div className="flex flex-1 flex-wrap items-center gap-x-3 gap-y-1.5">
                    {rows.length ? null : <span className="pt-1.5 text-[13px] text-muted-foreground">Closed</span>}
                    {rows.map(({ p, i }) => (
                      <span key={p.key} className="flex items-center gap-1">
                        <Input
                          aria-label={`${label} from`}
                          className="h-8 w-[4.5rem] font-mono"
                          placeholder="09:00"
                          value={p.start}
                          onChange={(e) => setPeriod(i, { start: e.target.value })}
                        />
                        <span className="text-muted-foreground">–</span>
                        <Input
                          aria-label={`${label} until`}
                          className="h-8 w-[4.5rem] font-mono"
                          value={p.end}
                          placeholder="17:00"
                          onChange={(e) => setPeriod(i, { end: e.target.value })}
                        />
                        <Button
                          type="button"
                          variant="ghost"
                          size="icon-xs"
                          aria-label={`Remove ${label} ${p.start}–${p.end}`}
                          onClick={() => setPeriods(periods.filter((_, j) => j !== i))}
                        >
                          <Trash2 />
                        </Button>
                      </span>
                    ))}
                  </div>
                  <Button
                    type="button"
                    variant="ghost"
                    size="sm"
                    aria-label={`Add a ${label} period`}
                    onClick={() => addPeriod(day)}
                  >
                    <Plus /> Period
                  </Button>
                </div>
              );
            })}
          </fieldset>
          <fieldset className="grid gap-1.5">
            <legend className="mb-1.5 text-[13px] font-medium">Holidays</legend>
            {holidays.length ? null : <p className="text-[13px] text-muted-foreground">No holidays.</p>}
            {holidays.map((h, i) => (
              <div key={h.key} className="flex items-center gap-2">
                <Input
                  type="date"
                  aria-label="Holiday date"
                  className="h-8 w-40"
                  value={h.date}
                  onChange={(e) => setHolidays(holidays.map((x, j) => (j === i ? { ...x, date: e.target.value } : x)))}
                />
                <Input
                  aria-label="Holiday name"
                  placeholder="Name (optional)"
                  value={h.name}
                  onChange={(e) => setHolidays(holidays.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))}
                />
                <Button
                  type="button"
                  variant="ghost"
                  size="icon-xs"
                  aria-label="Remove holiday"
                  onClick={() => setHolidays(holidays.filter((_, j) => j !== i))}
                >
                  <Trash2 />
                </Button>
              </div>
            ))}
            <div>
              <Button
                type="button"
                variant="outline"
                size="sm"
                onClick={() => setHolidays([...holidays, { key: rowKey(), date: "", name: "" }])}
              >
                <Plus /> Holiday
              </Button>
            </div>
          </fieldset>
          <FormErrorsAndFooter
            errors={errors}
            pending={save.isPending}
            label={editing ? "Save schedule" : "Add schedule"}
            onCancel={onClose}
          />
        </form>
      </DialogContent>
    </Dialog>
  );
}
