import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Tooltip } from "@/components/ui/tooltip";
import { PRIORITIES, type Priority } from "@/lib/types";
import { priorityLabel } from "../labels";
import { PriorityIcon } from "../priority-icon";
import { useEffect, useState } from "react";
import { useInbox } from "../inbox-context";

export function PriorityMenu({ value, onChange }: { value: Priority; onChange: (p: Priority) => void }) {
  const [open, setOpen] = useState(false);
  const { commands } = useInbox();
  useEffect(() => {
    commands.current.openPriority = () => setOpen(true);
    return () => {
      commands.current.openPriority = undefined;
    };
  }, [commands]);
  return (
    <DropdownMenu open={open} onOpenChange={setOpen}>
      <Tooltip content={`Priority: ${priorityLabel[value]}`}>
        <DropdownMenuTrigger asChild>
          <Button
            variant="ghost"
            size="sm"
            aria-label={`Priority: ${priorityLabel[value]}`}
            data-testid="priority-menu"
            className="h-7 px-2"
          >
            <PriorityIcon priority={value} />
            <span className="hidden 2xl:inline">{priorityLabel[value]}</span>
          </Button>
        </DropdownMenuTrigger>
      </Tooltip>
      <DropdownMenuContent align="end" className="w-40">
        <DropdownMenuLabel>Priority</DropdownMenuLabel>
        <DropdownMenuRadioGroup value={value} onValueChange={(v) => onChange(v as Priority)}>
          {[...PRIORITIES].reverse().map((p) => (
            <DropdownMenuRadioItem key={p} value={p}>
              <PriorityIcon priority={p} />
              {priorityLabel[p]}
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
