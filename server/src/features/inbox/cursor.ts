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
