import type { ReactNode } from "react";
import { cn } from "@/lib/utils";

/**
 * The list a trigger opens above the composer. Focus stays in the textarea (the listbox is
 * announced through aria-activedescendant there); rows are picked by mouse too.
 */
export function TriggerMenu<T>({
  id,
  label,
  rows,
  active,
  onHover,
  onPick,
  rowKey,
  renderRow,
  empty,
  footer,
}: {
  id: string;
  label: string;
  rows: T[];
  active: number;
  onHover: (i: number) => void;
  onPick: (row: T) => void;
  rowKey: (row: T) => string;
  renderRow: (row: T, active: boolean) => ReactNode;
  empty: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <div
      data-testid="trigger-menu"
      className="absolute right-0 bottom-full left-0 z-30 mb-1.5 overflow-hidden rounded-lg border bg-popover text-popover-foreground shadow-lg"
    >
      <p className="border-b px-3 py-1.5 text-[11px] font-medium text-muted-foreground">{label}</p>
      {rows.length ? (
        <div id={id} role="listbox" aria-label={label} className="scrollbar-thin max-h-64 overflow-y-auto p-1">
          {rows.map((row, i) => (
            <div
              key={rowKey(row)}
              id={`${id}-${i}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              data-active={i === active || undefined}
              onMouseEnter={() => onHover(i)}
              // mousedown, not click: the textarea must keep focus and its caret.
              onMouseDown={(e) => {
                e.preventDefault();
                onPick(row);
              }}
              className={cn(
                "cursor-pointer rounded-md px-2 py-1.5 text-[13px]",
                i === active ? "bg-accent text-accent-foreground" : "hover:bg-accent/50",
              )}
            >
              {renderRow(row, i === active)}
            </div>
          ))}
        </div>
      ) : (
        <div className="px-3 py-3 text-[12.5px] text-muted-foreground">{empty}</div>
      )}
      {footer ? <div className="border-t px-3 py-1.5 text-[11px] text-muted-foreground">{footer}</div> : null}
    </div>
  );
}
