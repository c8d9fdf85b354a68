import { AlarmClock, AlarmClockOff, Ellipsis } from "lucide-react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuShortcut,
  DropdownMenuSub,
  DropdownMenuSubContent,
  DropdownMenuSubTrigger,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Tooltip } from "@/components/ui/tooltip";
import { dateTime } from "@/lib/time";
import { PRIORITIES, type Priority } from "@/lib/types";
import { priorityLabel } from "../labels";
import { PriorityIcon } from "../priority-icon";
import { snoozeOptions } from "./snooze-menu";

/**
 * Priority and snooze in one "More" menu, for a narrow thread header (1024 px with the contact
 * panel open): the same choices as PriorityMenu and SnoozeMenu, as submenus.
 */
export function ThreadHeaderMore({
  priority,
  onPriority,
  snoozedUntil,
  onSnooze,
}: {
  priority: Priority;
  onPriority: (p: Priority) => void;
  snoozedUntil: string | null;
  onSnooze: (until: string | null) => void;
}) {
  const snoozed = !!snoozedUntil && new Date(snoozedUntil).getTime() > Date.now();
  return (
    <DropdownMenu>
      <Tooltip content="Priority, snooze">
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon-sm" aria-label="More actions" data-testid="thread-more">
            <Ellipsis />
          </Button>
        </DropdownMenuTrigger>
      </Tooltip>
      <DropdownMenuContent align="end" className="w-52">
        <DropdownMenuSub>
          <DropdownMenuSubTrigger data-testid="thread-more-priority">
            <PriorityIcon priority={priority} />
            Priority: {priorityLabel[priority]}
          </DropdownMenuSubTrigger>
          <DropdownMenuSubContent className="w-40">
            <DropdownMenuRadioGroup value={priority} onValueChange={(v) => onPriority(v as Priority)}>
              {[...PRIORITIES].reverse().map((p) => (
                <DropdownMenuRadioItem key={p} value={p}>
                  <PriorityIcon priority={p} />
                  {priorityLabel[p]}
                </DropdownMenuRadioItem>
              ))}
            </DropdownMenuRadioGroup>
          </DropdownMenuSubContent>
        </DropdownMenuSub>
        <DropdownMenuSub>
          <DropdownMenuSubTrigger data-testid="thread-more-snooze">
            <AlarmClock />
            <span className="truncate">{snoozed ? `Snoozed until ${dateTime(snoozedUntil!)}` : "Snooze"}</span>
          </DropdownMenuSubTrigger>
          <DropdownMenuSubContent className="w-52">
            {snoozeOptions().map((o) => (
              <DropdownMenuItem key={o.label} onSelect={() => onSnooze(o.until.toISOString())}>
                {o.label}
                <DropdownMenuShortcut>{o.hint(o.until)}</DropdownMenuShortcut>
              </DropdownMenuItem>
            ))}
            {snoozed ? (
              <>
                <DropdownMenuSeparator />
                <DropdownMenuItem onSelect={() => onSnooze(null)}>
                  <AlarmClockOff /> Unsnooze
                </DropdownMenuItem>
              </>
            ) : null}
          </DropdownMenuSubContent>
        </DropdownMenuSub>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
