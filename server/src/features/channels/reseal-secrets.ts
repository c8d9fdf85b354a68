import { and, eq, isNotNull } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import type { SecretBox } from "../../platform/secret-box";
import { openSecrets } from "./queries";
import { channels } from "./schema";

/**
 * After a key rotation: seals every channel's credentials (removed channels included) with the
 * newest key, so the old key can be dropped from SECRET_KEYS. Channels are also re-sealed on first
 * use; this is the command for doing it all at once (`npm run admin -- reseal-secrets`).
 */
export async function resealAllSecrets(
  db: Db,
  box: SecretBox,
): Promise<{ resealed: number; current: number; unreadable: string[] }> {
  const rows = await db
    .select({ id: channels.id, name: channels.name, secretsSealed: channels.secretsSealed })
    .from(channels)
    .where(isNotNull(channels.secretsSealed));
  const out = { resealed: 0, current: 0, unreadable: [] as string[] };
  for (const row of rows) {
    const opened = openSecrets(box, row);
    if (opened.unreadable) {
      out.unreadable.push(`${row.name} (${row.id})`);
      continue;
    }
    if (!opened.stale) {
      out.current++;
      continue;
    }
    // Compare-and-set: a credential edited meanwhile is already sealed with the newest key.
    const done = await db
      .update(channels)
      .set({ secretsSealed: box.sealJson(opened.secrets) })
      .where(and(eq(channels.id, row.id), eq(channels.secretsSealed, row.secretsSealed!)))
      .returning({ id: channels.id });
    if (done.length) out.resealed++;
    else out.current++;
  }
  return out;
}
