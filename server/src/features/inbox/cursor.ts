import { AppError } from "../../platform/errors";

/** Keyset cursors: opaque base64url of "<epoch ms>|<uuid>"; a malformed one is a 400. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.getTime()}|${id}`).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  const [ms, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const n = Number(ms);
  if (!Number.isFinite(n) || !id || !/^[0-9a-f-]{36}$/i.test(id)) throw new AppError("bad_request", "Invalid cursor");
  return { at: new Date(n), id };
}

/**
 * The conversation list's cursors carry the sort they belong to and the row's sort keys as the
 * database printed them (timestamps to the microsecond: a millisecond cursor would skip rows that
 * share a millisecond with the last one shown).
 */
export function encodeListCursor(sort: string, keys: string[], id: string): string {
  return Buffer.from(JSON.stringify({ s: sort, k: keys, id })).toString("base64url");
}

export function decodeListCursor(
  cursor: string | undefined,
  sort: string,
  keyCount: number,
): { keys: string[]; id: string } | null {
  if (!cursor) return null;
  let v: { s?: unknown; k?: unknown; id?: unknown };
  try {
    v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new AppError("bad_request", "Invalid cursor");
  }
  const ok =
    v?.s === sort &&
    Array.isArray(v.k) &&
    v.k.length === keyCount &&
    v.k.every((k) => typeof k === "string" && k.length < 64) &&
    typeof v.id === "string" &&
    /^[0-9a-f-]{36}$/i.test(v.id);
  // A cursor from another sort (the user changed the sort menu) points nowhere meaningful here.
  if (!ok) throw new AppError("bad_request", "Invalid cursor");
  return { keys: v.k as string[], id: v.id as string };
}
