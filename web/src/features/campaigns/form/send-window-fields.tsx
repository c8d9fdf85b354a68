import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";

export type WindowDraft = { on: boolean; start: string; end: string; days: number[]; until: string };
export const defaultWindow: WindowDraft = {
  on: false,
  start: "09:00",
  end: "19:00",
  days: [1, 2, 3, 4, 5, 6],
  until: "",
};

const dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** The body's `window` (absent when off). `until` is the end of the chosen day, in this browser's zone. */
export function windowBody(w: WindowDraft) {
  if (!w.on) return undefined;
  const until = w.until ? new Date(`${w.until}T23:59:59`).toISOString() : undefined;
  return { start: w.start, end: w.end, days: [...w.days].sort(), ...(until ? { until } : {}) };
}

/** Each recipient's local send window: hours, weekdays and an optional last day. */
export function SendWindowFields({
  value,
  onChange,
  errors,
}: {
  value: WindowDraft;
  onChange: (w: WindowDraft) => void;
  errors: Record<string, string>;
}) {
  const set = (p: Partial<WindowDraft>) => onChange({ ...value, ...p });
  const err = errors["window.end"] ?? errors["window.start"] ?? errors["window.days"] ?? errors.window;
  return (
    <fieldset className="space-y-2 rounded-md border p-3" data-testid="send-window">
      <legend className="px-1 font-medium">Send window</legend>
      <div className="flex items-center gap-2">
        <Switch id="campaign-window" checked={value.on} onCheckedChange={(on) => set({ on })} />
        <label htmlFor="campaign-window">Only send within a daily window</label>
      </div>
      <p className="text-xs text-muted-foreground">
        In each recipient's local time (their contact's time zone; UTC when unknown). Recipients outside it wait for its
        next opening.
      </p>
      {value.on ? (
        <div className="space-y-2">
          <div className="flex flex-wrap items-center gap-2">
            <Input
              type="time"
              className="w-28"
              aria-label="Window opens"
              value={value.start}
              onChange={(e) => set({ start: e.target.value })}
            />
            <span className="text-muted-foreground">to</span>
            <Input
              type="time"
              className="w-28"
              aria-label="Window closes"
              value={value.end}
              onChange={(e) => set({ end: e.target.value })}
            />
            <fieldset className="flex gap-1 m-0 border-0 p-0" aria-label="Weekdays">
              {dayNames.map((d, i) => {
                const n = i + 1;
                const on = value.days.includes(n);
                return (
                  <button
                    key={d}
                    type="button"
                    aria-pressed={on}
                    onClick={() => set({ days: on ? value.days.filter((x) => x !== n) : [...value.days, n] })}
                    className={`h-7 w-9 rounded-md border text-xs ${on ? "border-primary bg-primary/10 text-primary" : "text-muted-foreground"}`}
                  >
                    {d}
                  </button>
                );
              })}
            </fieldset>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <label htmlFor="campaign-window-until" className="text-muted-foreground">
              Last day (optional)
            </label>
            <Input
              id="campaign-window-until"
              type="date"
              className="w-40"
              value={value.until}
              onChange={(e) => set({ until: e.target.value })}
            />
            <span className="text-xs text-muted-foreground">after it, recipients not yet reached are skipped</span>
          </div>
          {err ? <p className="text-xs text-destructive">{err}</p> : null}
        </div>
      ) : null}
    </fieldset>
  );
}
