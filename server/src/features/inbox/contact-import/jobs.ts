import { z } from "zod";
import type { AppContext } from "../../../platform/context";
import { defineJob } from "../../../platform/jobs";
import { finish, runContactImport } from "./run-import";

export const importSchema = z.object({ importId: z.uuid() });
export type ImportSchema = typeof importSchema;

/**
 * One job per import (singleton key: the import id). An interrupted run (claim lost, shutdown)
 * throws, so pg-boss retries it and the retry resumes after the last committed batch.
 */
export const contactImportJob = (ctx: AppContext) =>
  defineJob({
    name: "contacts.import",
    schema: importSchema,
    retryLimit: 10,
    retryDelaySeconds: 2,
    retryDelayMaxSeconds: 60,
    expireInSeconds: 30 * 60,
    handler: async ({ importId }, { signal, lastAttempt }) => {
      try {
        const outcome = await runContactImport(ctx, importId, { signal });
        if (outcome === "interrupted") throw new Error("contact import interrupted; the retry resumes it");
      } catch (err) {
        // Out of retries: the import ends "failed" with the reason, never "running" for ever.
        if (lastAttempt)
          await finish(
            ctx,
            importId,
            "failed",
            `The import stopped: ${String((err as Error)?.message ?? err).slice(0, 500)}`,
          );
        throw err;
      }
    },
  });
