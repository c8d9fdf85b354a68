import { type CsatSettings, type CsatSettingsBody, csatSettingsSchema } from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { type AuditActor, recordAudit } from "../audit";
import { csatSettings } from "./schema";

/** The stored settings over the contract's defaults (a value a later contract refuses falls back to its default). */
export async function loadCsatSettings(db: Db): Promise<CsatSettings> {
  const [row] = await db.select().from(csatSettings).where(eq(csatSettings.id, "default")).limit(1);
  const parsed = csatSettingsSchema.safeParse(row?.settings ?? {});
  if (parsed.success) return parsed.data;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row?.settings ?? {})) {
    const field = (csatSettingsSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>)[k];
    if (field?.safeParse(v).success) out[k] = v;
  }
  return csatSettingsSchema.parse(out);
}

/** Admins change any subset (only the fields sent); audited. */
export async function updateCsatSettings(
  ctx: AppContext,
  actor: AuditActor,
  changes: CsatSettingsBody,
): Promise<CsatSettings> {
  return ctx.db.transaction(async (tx) => {
    await tx.insert(csatSettings).values({ id: "default", settings: {} }).onConflictDoNothing();
    await tx.select().from(csatSettings).where(eq(csatSettings.id, "default")).for("update");
    const before = await loadCsatSettings(tx);
    const next = csatSettingsSchema.parse({
      ...before,
      ...changes,
      channels: { ...before.channels, ...changes.channels },
    });
    await tx.update(csatSettings).set({ settings: next, updatedAt: new Date() }).where(eq(csatSettings.id, "default"));
    await recordAudit(tx, actor, {
      action: "csat.settings_updated",
      target: { type: "csat_settings", id: "default" },
      summary: "Changed the CSAT settings",
      details: { changed: Object.keys(changes) },
    });
    return next;
  });
}
