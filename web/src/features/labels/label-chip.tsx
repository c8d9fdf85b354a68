import type { LabelRef } from "@switchboard/contracts";
import { X } from "lucide-react";
import { cn } from "@/lib/utils";

/** A label as a small coloured chip: a dot of its colour on a tint of it, readable in both themes. */
export function LabelChip({
  label,
  onRemove,
  className,
}: {
  label: LabelRef;
  onRemove?: () => void;
  className?: string;
}) {
  return (
    <span
      data-testid="label-chip"
      className={cn(
        "inline-flex h-[18px] max-w-[120px] shrink-0 items-center gap-1 rounded-full border px-1.5 text-[10.5px] font-medium leading-none text-foreground/85",
        className,
      )}
      style={{ backgroundColor: `${label.color}1f`, borderColor: `${label.color}55` }}
      title={label.name}
    >
      <span aria-hidden className="size-1.5 shrink-0 rounded-full" style={{ backgroundColor: label.color }} />
      <span className="truncate">{label.name}</span>
      {onRemove ? (
        <button
          type="button"
          aria-label={`Remove label ${label.name}`}
          onClick={onRemove}
          className="-mr-0.5 rounded-full p-px text-muted-foreground hover:bg-foreground/10 hover:text-foreground"
        >
          <X className="size-2.5" />
        </button>
      ) : null}
    </span>
  );
}

/** Up to `max` chips and a "+n" for the rest (list rows have little room). */
export function LabelChips({ labels, max = 2 }: { labels: LabelRef[]; max?: number }) {
  if (!labels.length) return null;
  const shown = labels.slice(0, max);
  const rest = labels.length - shown.length;
  return (
    <span className="flex min-w-0 items-center gap-1" title={labels.map((l) => l.name).join(", ")}>
      {shown.map((l) => (
        <LabelChip key={l.id} label={l} />
      ))}
      {rest > 0 ? <span className="text-[10.5px] text-muted-foreground">+{rest}</span> : null}
    </span>
  );
}
