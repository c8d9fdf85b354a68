import type { AppContext } from "../../platform/context";
import { defineJob } from "../../platform/jobs";
import { deliverMessage } from "./deliver-message";
import { fetchMedia } from "./fetch-media";
import { deliverMessageSpec, fetchMediaSpec } from "./job-definitions";

/** The handlers of the outbound and media jobs (producers use job-definitions.ts). */
export const deliverMessageJob = (ctx: AppContext) =>
  defineJob({ ...deliverMessageSpec, handler: ({ messageId }) => deliverMessage(ctx, messageId) });

export const fetchMediaJob = (ctx: AppContext) => defineJob({ ...fetchMediaSpec, handler: (p) => fetchMedia(ctx, p) });
