import type { createTemplateBody, TemplateDefinition, updateTemplateBody } from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { AppContext } from "../../../platform/context";
import { AppError } from "../../../platform/errors";
import { messageTemplates } from "../schema";
import { announceTemplate } from "./events";
import { templateRow } from "./list";
import { templateChannel } from "./provider";
import { componentsFromDefinition } from "./wire";

const SUBMIT_LEASE_MS = 2 * 60_000;

/** A submit holds the draft for a while (see submit-template.ts); edits wait for it. */
export const submitInFlight = (row: { submittedAt: Date | null; status: string }) =>
  row.status === "DRAFT" && !!row.submittedAt && Date.now() - row.submittedAt.getTime() < SUBMIT_LEASE_MS;
export { SUBMIT_LEASE_MS };

function columns(d: TemplateDefinition) {
  return {
    name: d.name,
    language: d.language,
    category: d.category,
    parameterFormat: d.category === "AUTHENTICATION" ? "POSITIONAL" : d.parameterFormat,
    // Stored as Meta would get it (without the header handle): previews and lists read one shape.
    components: componentsFromDefinition(d),
    definition: d as unknown as Record<string, unknown>,
  };
}

const taken = (d: TemplateDefinition) =>
  new AppError("conflict", `A template "${d.name}" in ${d.language} already exists on this channel`, {
    fieldErrors: { name: ["Already used in this language"] },
    formErrors: [],
  });

const isUniqueViolation = (err: unknown) =>
  (err as { code?: string })?.code === "23505" || (err as { cause?: { code?: string } })?.cause?.code === "23505";

/** A new DRAFT: stored here only, editable until it is submitted. */
export async function createTemplateDraft(ctx: AppContext, body: z.infer<typeof createTemplateBody>) {
  await templateChannel(ctx, body.channelId);
  const { channelId, ...d } = body;
  try {
    const [row] = await ctx.db
      .insert(messageTemplates)
      .values({ channelId, status: "DRAFT", ...columns(d) })
      .returning();
    announceTemplate(ctx, row!);
    return row!;
  } catch (err) {
    throw isUniqueViolation(err) ? taken(d) : err;
  }
}

/** Replaces a draft's definition; a submitted template is Meta's (edit it there, or delete and re-create). */
export async function updateTemplateDraft(ctx: AppContext, id: string, d: z.infer<typeof updateTemplateBody>) {
  const row = await templateRow(ctx.db, id);
  if (row.status !== "DRAFT")
    throw new AppError(
      "conflict",
      `This template was submitted (${row.status.toLowerCase()}); only drafts can be edited`,
    );
  if (submitInFlight(row)) throw new AppError("conflict", "This template is being submitted right now");
  // A header that is no longer a file of the same kind drops the uploaded file.
  const keepMedia = row.headerMedia && d.header.format !== "NONE" && d.header.format !== "TEXT";
  try {
    const [next] = await ctx.db
      .update(messageTemplates)
      .set({ ...columns(d), ...(keepMedia ? {} : { headerMedia: null }), updatedAt: new Date() })
      .where(eq(messageTemplates.id, id))
      .returning();
    if (!keepMedia && row.headerMedia) await ctx.storage.remove(row.headerMedia.key).catch(() => undefined);
    announceTemplate(ctx, next!);
    return next!;
  } catch (err) {
    throw isUniqueViolation(err) ? taken(d) : err;
  }
}
