import { addDays, addHours, nextMonday, setHours, startOfHour } from "date-fns";
import { AlarmClock, AlarmClockOff } from "lucide-react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuShortcut,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Tooltip } from "@/components/ui/tooltip";
import { clockTime, dateTime, weekdayTime } from "@/lib/time";
import { useEffect, useState } from "react";
import { useInbox } from "../inbox-context";
import { SnoozeUntilDialog } from "./snooze-until-dialog";

function at9(d: Date) {
  return startOfHour(setHours(d, 9));
}

export function snoozeOptions(now = new Date()) {
  return [
    { label: "1 hour", until: addHours(now, 1), hint: clockTime },
    { label: "Tomorrow", until: at9(addDays(now, 1)), hint: weekdayTime },
    { label: "Next week", until: at9(nextMonday(now)), hint: weekdayTime },
  ];
}

export function SnoozeMenu({
  snoozedUntil,
  onSnooze,
}: {
  snoozedUntil: string | null;
  onSnooze: (until: string | null) => void;
}) {
  const active = !!snoozedUntil && new Date(snoozedUntil).getTime() > Date.now();
  const [open, setOpen] = useState(false);
  const [picking, setPicking] = useState(false);
  const { commands } = useInbox();
  useEffect(() => {
    commands.current.openSnooze = () => setOpen(true);
    return () => {
      commands.current.openSnooze = undefined;
    };
  }, [commands]);
  return (
    <>
      <SnoozeUntilDialog open={picking} onOpenChange={setPicking} onPick={(until) => onSnooze(until)} />
      <DropdownMenu open={open} onOpenChange={setOpen}>
        <Tooltip content={active ? `Snoozed until ${dateTime(snoozedUntil!)}` : "Snooze"}>
          <DropdownMenuTrigger asChild>
            <Button
              variant="ghost"
              size="icon-sm"
              aria-label="Snooze"
              data-testid="snooze-menu"
              className={active ? "text-primary" : undefined}
            >
              <AlarmClock />
            </Button>
          </DropdownMenuTrigger>
        </Tooltip>
        <DropdownMenuContent align="end" className="w-52">
          <DropdownMenuLabel>Snooze until…</DropdownMenuLabel>
          {snoozeOptions().map((o) => (
            <DropdownMenuItem key={o.label} onSelect={() => onSnooze(o.until.toISOString())}>
              {o.label}
              <DropdownMenuShortcut>{o.hint(o.until)}</DropdownMenuShortcut>
            </DropdownMenuItem>
          ))}
          <DropdownMenuItem onSelect={() => setPicking(true)} data-testid="snooze-pick">
            Pick date and time…
          </DropdownMenuItem>
          {active ? (
            <>
              <DropdownMenuSeparator />
              <DropdownMenuItem onSelect={() => onSnooze(null)}>
                <AlarmClockOff /> Unsnooze
              </DropdownMenuItem>
            </>
          ) : null}
        </DropdownMenuContent>
      </DropdownMenu>
    </>
  );
}
