import type { PartInFlight, SendProgress } from "./adapter";
import { ProviderError } from "./provider-http";

/** One provider call of an outbound message, planned before anything is sent. */
export interface PlannedPart extends Pick<PartInFlight, "kind" | "text"> {
  send(): Promise<string>;
}

/**
 * Runs an adapter's planned parts in order, skipping those an earlier attempt already sent (their
 * ids are in PostgreSQL), and records each new part before the next one goes out: a failure on part
 * 2 never re-sends part 1. The plan must be a pure function of the message, so every attempt plans
 * the same parts. `standsFor` picks the part whose id represents the message (its statuses are the
 * message's): the last one where the text follows the files (WhatsApp, Instagram), the first one on
 * Telegram (replies quote it).
 */
export async function sendParts(
  parts: PlannedPart[],
  progress: SendProgress,
  standsFor: "first" | "last",
): Promise<{ externalId: string }> {
  if (!parts.length)
    throw new ProviderError("Nothing to send: the message has no text and no attachment", {
      status: 400,
      code: "empty",
    });
  const ids = [...progress.sent];
  for (let index = ids.length; index < parts.length; index++) {
    const part = parts[index]!;
    await progress.beforePart({
      index,
      kind: part.kind,
      ...(part.text ? { text: part.text } : {}),
      of: parts.length,
      standsFor,
    });
    const id = await part.send();
    await progress.afterPart(index, id);
    ids.push(id);
  }
  return { externalId: standsFor === "first" ? ids[0]! : ids[Math.min(ids.length, parts.length) - 1]! };
}

/** A progress that keeps nothing (unit tests of an adapter's wire format). */
export const noProgress = (): SendProgress => ({
  sent: [],
  beforePart: async () => {},
  afterPart: async () => {},
});
