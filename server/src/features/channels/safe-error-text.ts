const MAX_LENGTH = 1000;

/**
 * An error's message made safe to store and show: PostgreSQL text cannot hold NUL (a driver error
 * that quotes the offending parameter would otherwise make recording the failure fail too), lone
 * UTF-16 surrogates are not valid UTF-8, and a message can be arbitrarily long. A wrapped error
 * (Drizzle's "Failed query: <sql> params: <values>") gives the reason of its innermost cause: that
 * is what a person can act on, and it does not copy the customer's data into the error column.
 * Never throws, whatever was thrown.
 */
export function safeErrorText(err: unknown, max = MAX_LENGTH): string {
  let text: string;
  try {
    let e = err;
    for (let depth = 0; depth < 5 && e instanceof Error && e.cause instanceof Error && e.cause.message; depth++)
      e = e.cause;
    text = e instanceof Error ? e.message || e.name : typeof e === "string" ? e : JSON.stringify(e);
  } catch {
    text = "";
  }
  const clean = String(text ?? "")
    .replaceAll("\0", "")
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd")
    .trim();
  if (!clean) return "Processing failed (no reason given)";
  // Cut on a code point boundary, never inside a surrogate pair.
  return clean.length <= max ? clean : `${Array.from(clean.slice(0, max)).slice(0, -1).join("")}…`;
}
