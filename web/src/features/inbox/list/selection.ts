/**
 * The list's multi-selection as plain functions (component-tested): a set of ticked ids and the
 * anchor a shift-click extends from, like a file manager or Gmail.
 */
export interface Selection {
  ids: ReadonlySet<string>;
  anchor: string | null;
}

export const emptySelection: Selection = { ids: new Set(), anchor: null };

/** Tick or untick one row; it becomes the anchor for a following shift-click. */
export function toggleOne(sel: Selection, id: string): Selection {
  const ids = new Set(sel.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, anchor: id };
}

/**
 * Shift-click: every row from the anchor to this one (in the list's order) takes the state the
 * anchor has (ticking a range, or unticking it). Without an anchor still in the list, one row.
 */
export function selectRange(sel: Selection, order: readonly string[], id: string): Selection {
  const from = sel.anchor ? order.indexOf(sel.anchor) : -1;
  const to = order.indexOf(id);
  if (from < 0 || to < 0) return toggleOne(sel, id);
  const on = sel.ids.has(sel.anchor!);
  const ids = new Set(sel.ids);
  for (const x of order.slice(Math.min(from, to), Math.max(from, to) + 1)) {
    if (on) ids.add(x);
    else ids.delete(x);
  }
  return { ids, anchor: id };
}

/** Drop ticks on rows that left the list (resolved elsewhere, filtered out). Same object when nothing changed. */
export function keepVisible(sel: Selection, order: readonly string[]): Selection {
  if (sel.ids.size === 0) return sel;
  const visible = new Set(order);
  const ids = new Set([...sel.ids].filter((id) => visible.has(id)));
  if (ids.size === sel.ids.size) return sel;
  return { ids, anchor: sel.anchor && visible.has(sel.anchor) ? sel.anchor : null };
}

/** Tick every row shown, or untick all when they all are. */
export function toggleAll(sel: Selection, order: readonly string[]): Selection {
  const all = order.length > 0 && order.every((id) => sel.ids.has(id));
  return all ? emptySelection : { ids: new Set(order), anchor: sel.anchor };
}

/** Where the open thread goes when its conversation leaves the list: the next row, else the one before, else nowhere. */
export function nextAfterLeaving(previousOrder: readonly string[], currentOrder: readonly string[], leftId: string) {
  const at = previousOrder.indexOf(leftId);
  if (at < 0) return currentOrder[0] ?? null;
  const still = new Set(currentOrder);
  for (let i = at + 1; i < previousOrder.length; i++) if (still.has(previousOrder[i]!)) return previousOrder[i]!;
  for (let i = at - 1; i >= 0; i--) if (still.has(previousOrder[i]!)) return previousOrder[i]!;
  return null;
}
