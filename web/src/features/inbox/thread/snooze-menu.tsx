import { addDays, addHours, format, nextMonday, setHours, startOfHour } from "date-fns";
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
import { useEffect, useState } from "react";
import { useInbox } from "../inbox-context";
import { SnoozeUntilDialog } from "./snooze-until-dialog";

function at9(d: Date) {
  return startOfHour(setHours(d, 9));
}

function options(now = new Date()) {
  return [
    { label: "1 hour", until: addHours(now, 1) },
    { label: "Tomorrow", until: at9(addDays(now, 1)) },
    { label: "Next week", until: at9(nextMonday(now)) },
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
        <Tooltip content={active ? `Snoozed until ${format(new Date(snoozedUntil!), "EEE d MMM, HH:mm")}` : "Snooze"}>
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
          {options().map((o) => (
            <DropdownMenuItem key={o.label} onSelect={() => onSnooze(o.until.toISOString())}>
              {o.label}
              <DropdownMenuShortcut>
                {format(o.until, o.label === "1 hour" ? "HH:mm" : "EEE HH:mm")}
              </DropdownMenuShortcut>
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
