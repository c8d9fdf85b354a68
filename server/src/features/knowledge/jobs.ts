import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { defineJob } from "../../platform/jobs";
import { requestEmbedding } from "./embed-job";
import { runImport } from "./run-import";

/** Large imports run here; the console polls GET /api/knowledge/imports/:id for the result. */
export const knowledgeImportJob = (ctx: AppContext) =>
  defineJob({
    name: "knowledge.import",
    schema: z.object({ importId: z.uuid() }),
    retryLimit: 2,
    expireInSeconds: 15 * 60,
    handler: async ({ importId }) => {
      await runImport(ctx.db, importId);
      await requestEmbedding(ctx);
    },
  });
