import type { LabelRef } from "@switchboard/contracts";
import { Tag } from "lucide-react";
import type { ReactNode } from "react";
import { Link } from "wouter";
import {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Spinner } from "@/components/ui/spinner";
import { useMe } from "@/features/auth/queries";
import { useLabels } from "./queries";

/** Every label with a check for those applied; choosing one toggles it. Open state is the caller's (the `l` key). */
export function LabelPicker({
  applied,
  onToggle,
  open,
  onOpenChange,
  children,
  align = "end",
}: {
  applied: LabelRef[];
  onToggle: (label: LabelRef, on: boolean) => void;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  children: ReactNode;
  align?: "start" | "end";
}) {
  const me = useMe();
  const labels = useLabels();
  const has = new Set(applied.map((l) => l.id));
  return (
    <DropdownMenu open={open} onOpenChange={onOpenChange}>
      <DropdownMenuTrigger asChild>{children}</DropdownMenuTrigger>
      <DropdownMenuContent align={align} className="max-h-80 w-56 overflow-y-auto">
        <DropdownMenuLabel>Labels</DropdownMenuLabel>
        {labels.isPending ? (
          <div className="flex justify-center py-3">
            <Spinner />
          </div>
        ) : labels.isError ? (
          <p className="px-2 py-2 text-[12.5px] text-muted-foreground">Couldn't load labels.</p>
        ) : labels.data.length === 0 ? (
          <p className="px-2 py-2 text-[12.5px] text-muted-foreground">
            No labels yet.{me.role === "admin" ? "" : " An admin can create them in Settings."}
          </p>
        ) : (
          labels.data.map((l) => (
            <DropdownMenuCheckboxItem
              key={l.id}
              checked={has.has(l.id)}
              onSelect={(e) => e.preventDefault()}
              onCheckedChange={(on) => onToggle({ id: l.id, name: l.name, color: l.color }, on)}
            >
              <span aria-hidden className="size-2 shrink-0 rounded-full" style={{ backgroundColor: l.color }} />
              <span className="truncate">{l.name}</span>
            </DropdownMenuCheckboxItem>
          ))
        )}
        {me.role === "admin" ? (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuItem asChild>
              <Link href="/settings/labels">
                <Tag /> Manage labels
              </Link>
            </DropdownMenuItem>
          </>
        ) : null}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
