import { toast } from "sonner";
import { AvailabilityDot, availabilityLabel } from "@/components/availability-dot";
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
import { useMe } from "@/features/auth/queries";
import { useUpdateMe } from "@/features/agents/queries";
import { errorMessage } from "@/lib/api";
import { AVAILABILITIES, type Availability } from "@/lib/types";

const hints: Record<Availability, string> = {
  online: "Receive new conversations",
  away: "Keep your conversations, no new ones",
  offline: "Not working right now",
};

export function AvailabilityMenu() {
  const me = useMe();
  const update = useUpdateMe();
  const set = (availability: Availability) =>
    update.mutate(
      { availability },
      { onError: (err) => toast.error(`Couldn't change availability: ${errorMessage(err)}`) },
    );
  return (
    <DropdownMenu>
      <Tooltip content={`You are ${availabilityLabel[me.availability].toLowerCase()}`} side="right">
        <DropdownMenuTrigger asChild>
          <Button
            variant="ghost"
            size="icon"
            aria-label={`Availability: ${availabilityLabel[me.availability]}`}
            data-testid="availability-menu"
          >
            <AvailabilityDot value={me.availability} className="size-2.5" />
          </Button>
        </DropdownMenuTrigger>
      </Tooltip>
      <DropdownMenuContent side="right" align="end" className="w-64">
        <DropdownMenuLabel>Availability</DropdownMenuLabel>
        <DropdownMenuRadioGroup value={me.availability} onValueChange={(v) => set(v as Availability)}>
          {AVAILABILITIES.map((a) => (
            <DropdownMenuRadioItem key={a} value={a} className="items-start">
              <AvailabilityDot value={a} className="mt-1.5" />
              <span className="flex flex-col">
                <span>{availabilityLabel[a]}</span>
                <span className="text-[11px] text-muted-foreground">{hints[a]}</span>
              </span>
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
