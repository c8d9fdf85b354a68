import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { defineJob, type JobHandle } from "../../platform/jobs";
import { fireAlert } from "./fire-alert";
import type { SlaLinks } from "./links";
import type { SlaClockRow } from "./schema";

const schema = z.object({
  clockId: z.uuid(),
  kind: z.enum(["warning", "breach"]),
  /** The stored instant this job was scheduled for: a clock whose instant moved ignores it. */
  at: z.iso.datetime(),
});
export type SlaAlert = z.infer<typeof schema>;

/** The producer's handle (start, resume and retarget queue it; the handler is wired in app.ts). */
export const SLA_ALERT: JobHandle<typeof schema> = { name: "sla.alert", schema };

/** Fires a warning or a breach at its stored instant; a no-op unless the clock still waits for exactly that. */
export const slaAlertJob = (ctx: AppContext, links: SlaLinks) =>
  defineJob({
    ...SLA_ALERT,
    // Many clocks can come due in the same second: work them in parallel, and poll often (the SLA
    // says "at the stored time"; NOTIFY does not wake a worker for a job that only becomes due).
    pollingIntervalSeconds: 0.5,
    concurrency: 16,
    batchSize: 64,
    handler: async (payload) => {
      await fireAlert(ctx, links, payload, new Date());
    },
  });

/** Queues the warning and the breach of a running clock at its stored instants (each job checks again). */
export async function scheduleAlerts(ctx: AppContext, clock: SlaClockRow) {
  if (clock.status !== "active") return;
  if (clock.warnAt && !clock.warnedAt)
    await ctx.jobs.send(
      SLA_ALERT,
      { clockId: clock.id, kind: "warning", at: clock.warnAt.toISOString() },
      { startAfter: clock.warnAt },
    );
  if (clock.deadlineAt && !clock.breachedAt)
    await ctx.jobs.send(
      SLA_ALERT,
      { clockId: clock.id, kind: "breach", at: clock.deadlineAt.toISOString() },
      { startAfter: clock.deadlineAt },
    );
}
