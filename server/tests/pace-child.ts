// One process reserving pacing slots: `tsx pace-child.ts <databaseUrl> <key> <count> <perSecond> <label>`.
// It records every slot the database gave it in pace_probe (created by the test), so the test can check the spacing of
// all processes' slots together (never wall-clock timing).
import { sql } from "drizzle-orm";
import { openDatabase } from "../src/platform/db/client";
import { reserveSlot } from "../src/platform/pacing";

const [url, key, count, perSecond, label] = process.argv.slice(2);
const database = await openDatabase({ url, dataDir: "/nonexistent" });
await Promise.all(
  Array.from({ length: Number(count) }, async () => {
    const { slotMicros } = await reserveSlot(database.db, key!, Number(perSecond));
    await database.db.execute(sql`insert into pace_probe (process, slot_us) values (${label}, ${slotMicros})`);
  }),
);
await database.close();
