import { addDays, format, setHours, startOfHour } from "date-fns";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { inputClass } from "@/components/ui/input";
import { cn } from "@/lib/utils";

const local = (d: Date) => format(d, "yyyy-MM-dd'T'HH:mm");

/** Snooze until a chosen date and time (the browser's own picker, in the agent's time zone). */
export function SnoozeUntilDialog({
  open,
  onOpenChange,
  onPick,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onPick: (untilIso: string) => void;
}) {
  const [value, setValue] = useState("");
  useEffect(() => {
    if (open) setValue(local(startOfHour(setHours(addDays(new Date(), 1), 9))));
  }, [open]);
  const when = value ? new Date(value) : null;
  const valid = !!when && !Number.isNaN(when.getTime()) && when.getTime() > Date.now();
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title="Snooze until"
        description="The conversation comes back then, or sooner if the customer writes."
      >
        <form
          className="grid gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (!valid) return;
            onPick(when!.toISOString());
            onOpenChange(false);
          }}
        >
          <input
            type="datetime-local"
            aria-label="Date and time"
            data-testid="snooze-until-input"
            value={value}
            min={local(new Date())}
            onChange={(e) => setValue(e.target.value)}
            className={cn(inputClass, "h-9")}
          />
          {!valid && value ? <p className="text-[12.5px] text-destructive">Choose a time in the future.</p> : null}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={!valid}>
              Snooze
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
