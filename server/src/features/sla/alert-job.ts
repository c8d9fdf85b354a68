import { z } from "zod";
import { defineJob } from "../../platform/jobs";

/**
 * Retired: warnings and breaches used to be one `sla.alert` job each; the sweeper (alert-sweeper.ts)
 * fires them from the stored instants now. A database upgraded with such jobs still queued drains them
 * here as no-ops (whatever they were for, the sweeper fires from `warn_at` / `deadline_at`), so they
 * neither fail nor wait forever. Drop this once no installation can hold one.
 */
export const retiredSlaAlertJob = defineJob({
  name: "sla.alert",
  schema: z.unknown(),
  handler: async () => {},
});
