import { type KeyboardEvent, useCallback, useMemo, useState } from "react";
import { findTrigger, type Trigger } from "./triggers";

/**
 * One mechanism for every menu opened by typing a character ("/" and "@"): the composer reports the
 * text and caret, this finds the trigger, keeps the highlighted row, and handles the keys while a
 * menu is open (arrows move, Enter or Tab picks, Escape closes until the token changes).
 */
export function useTriggerMenu<T>({
  chars,
  items,
  onPick,
}: {
  chars: readonly string[];
  /** The rows for a trigger (already filtered by its query). */
  items: (t: Trigger) => T[];
  onPick: (item: T, t: Trigger) => void;
}) {
  const [cursor, setCursor] = useState<{ value: string; caret: number }>({ value: "", caret: 0 });
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);

  const found = useMemo(() => findTrigger(cursor.value, cursor.caret, chars), [cursor, chars]);
  const trigger = found && found.start !== dismissedAt ? found : null;
  const rows = useMemo(() => (trigger ? items(trigger) : []), [trigger, items]);
  const index = rows.length ? Math.min(active, rows.length - 1) : 0;

  /** Call on every change, click and caret move of the textarea. */
  const update = useCallback(
    (value: string, caret: number) => {
      setCursor((c) => (c.value === value && c.caret === caret ? c : { value, caret }));
      setActive(0);
      setDismissedAt((d) => {
        const t = findTrigger(value, caret, chars);
        return t && t.start === d ? d : null;
      });
    },
    [chars],
  );

  const close = useCallback(() => setDismissedAt(found?.start ?? null), [found]);

  const pick = useCallback(
    (item: T) => {
      if (!trigger) return;
      onPick(item, trigger);
      setDismissedAt(null);
    },
    [trigger, onPick],
  );

  /** Returns true when the key was the menu's (the composer must not also act on it). */
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!trigger) return false;
    if (e.key === "Escape") {
      e.preventDefault();
      close();
      return true;
    }
    if (!rows.length) return false;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      setActive((index + step + rows.length) % rows.length);
      return true;
    }
    if ((e.key === "Enter" && !e.shiftKey) || e.key === "Tab") {
      e.preventDefault();
      pick(rows[index] as T);
      return true;
    }
    return false;
  };

  return { trigger, rows, active: index, setActive, update, onKeyDown, pick, close, open: !!trigger };
}
