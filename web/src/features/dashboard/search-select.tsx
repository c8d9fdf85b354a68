import { Check, ChevronDown } from "lucide-react";
import { type KeyboardEvent, useId, useMemo, useState } from "react";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { cn } from "@/lib/utils";

export interface SearchOption {
  value: string;
  label: string;
  /** A colour dot before the label (labels). */
  color?: string;
}

/**
 * A select with a search box (a combobox): the button shows the choice; the popover filters the
 * options as you type, ↑/↓ move, Enter picks, Esc closes. The first entry clears the choice.
 */
export function SearchSelect({
  label,
  allLabel,
  options,
  value,
  onChange,
  className,
  testId,
}: {
  label: string;
  allLabel: string;
  options: SearchOption[];
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  className?: string;
  testId?: string;
}) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  const listId = useId();
  const shown = useMemo(() => {
    const t = text.trim().toLowerCase();
    const all: SearchOption[] = [{ value: "", label: allLabel }, ...options];
    return t ? all.filter((o) => o.value && o.label.toLowerCase().includes(t)) : all;
  }, [text, options, allLabel]);
  const current = options.find((o) => o.value === value);
  const pick = (o: SearchOption | undefined) => {
    if (!o) return;
    onChange(o.value || undefined);
    setOpen(false);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown") setActive((i) => Math.min(shown.length - 1, i + 1));
    else if (e.key === "ArrowUp") setActive((i) => Math.max(0, i - 1));
    else if (e.key === "Enter") pick(shown[active]);
    else return;
    e.preventDefault();
  };
  return (
    <Popover
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        setText("");
        setActive(0);
      }}
    >
      <PopoverTrigger
        aria-label={label}
        data-testid={testId}
        className={cn(
          "flex h-8 items-center gap-1 rounded-md border bg-background px-2 text-left text-[13px] dark:bg-input/20",
          className,
        )}
      >
        <span className={cn("min-w-0 flex-1 truncate", !current && "text-muted-foreground")}>
          {current?.label ?? allLabel}
        </span>
        <ChevronDown className="size-3.5 shrink-0 opacity-60" />
      </PopoverTrigger>
      <PopoverContent className="w-56 p-1.5" align="start">
        <input
          // biome-ignore lint/a11y/noAutofocus: the popover opens for typing
          autoFocus
          role="combobox"
          aria-expanded
          aria-controls={listId}
          aria-activedescendant={shown[active] ? `${listId}-${active}` : undefined}
          aria-label={`Search ${label.toLowerCase()}`}
          placeholder="Search…"
          className="mb-1 h-8 w-full rounded-md border bg-background px-2 text-[13px] outline-none focus:ring-2 focus:ring-ring/40 dark:bg-input/20"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKey}
        />
        <div id={listId} role="listbox" aria-label={label} className="max-h-60 overflow-y-auto">
          {shown.length === 0 ? <p className="px-2 py-1.5 text-[12px] text-muted-foreground">No match</p> : null}
          {shown.map((o, i) => (
            <div
              key={o.value || "all"}
              id={`${listId}-${i}`}
              role="option"
              tabIndex={-1}
              aria-selected={(value ?? "") === o.value}
              className={cn(
                "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-[13px]",
                i === active && "bg-accent",
              )}
              onMouseEnter={() => setActive(i)}
              // mousedown, not click: the search box keeps focus until the choice closes the popover.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(o);
              }}
            >
              {o.color ? <span className="size-2 shrink-0 rounded-full" style={{ background: o.color }} /> : null}
              <span className="min-w-0 flex-1 truncate">{o.label}</span>
              {(value ?? "") === o.value ? <Check className="size-3.5 shrink-0" /> : null}
            </div>
          ))}
        </div>
      </PopoverContent>
    </Popover>
  );
}
