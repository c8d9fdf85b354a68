import {
  contactFieldKeyParams,
  contactFieldSchema,
  contactImportList,
  contactImportSchema,
  createContactFieldBody,
  idParams,
  MAX_IMPORT_MB,
  startContactImportBody,
} from "@switchboard/contracts";
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { AppContext } from "../../../platform/context";
import { notFound } from "../../../platform/errors";
import { defineRoute } from "../../../platform/http/route";
import type { JobHandle } from "../../../platform/jobs";
import { contactImports } from "../schema";
import { streamErrorReport } from "./error-report";
import { createContactField, deleteContactField, listContactFields } from "./fields";
import type { ImportSchema } from "./jobs";
import { cancelImport, startImport } from "./start-import";
import { toImport } from "./to-import";
import { uploadImport } from "./upload-import";

/**
 * Imports are admin work: they write thousands of contacts (and their consent) at once, and the
 * error report holds the file's values. Registered before the contact routes, so
 * /api/contacts/imports is not read as a contact id.
 */
export function contactImportRoutes(ctx: AppContext, job: JobHandle<ImportSchema>) {
  const tags = ["contact imports"];
  const get = async (id: string) => {
    const [row] = await ctx.db.select().from(contactImports).where(eq(contactImports.id, id));
    if (!row) throw notFound("Import");
    return toImport(row);
  };
  return [
    defineRoute({
      method: "post",
      path: "/api/contacts/imports",
      guard: "admin",
      summary: `Upload a CSV of contacts (multipart field \`file\`, ${MAX_IMPORT_MB} MB / 100,000 rows at most): its columns and first rows`,
      tags,
      multipart: true,
      maxUploadBytes: MAX_IMPORT_MB * 1024 * 1024,
      response: contactImportSchema,
      status: 201,
      handler: ({ req, user }) => uploadImport(ctx, req, user.id),
    }),
    defineRoute({
      method: "get",
      path: "/api/contacts/imports",
      guard: "admin",
      summary: "Recent contact imports, newest first",
      tags,
      response: contactImportList,
      handler: async () => ({
        items: (await ctx.db.select().from(contactImports).orderBy(desc(contactImports.createdAt)).limit(50)).map(
          toImport,
        ),
      }),
    }),
    defineRoute({
      method: "get",
      path: "/api/contacts/imports/:id",
      guard: "admin",
      summary: "An import with its progress (processed, created, updated, failed rows)",
      tags,
      params: idParams,
      response: contactImportSchema,
      handler: ({ params }) => get(params.id),
    }),
    defineRoute({
      method: "post",
      path: "/api/contacts/imports/:id/start",
      guard: "admin",
      summary: "Map columns to contact fields, choose the default country, and run the import as a job",
      tags,
      params: idParams,
      body: startContactImportBody,
      response: contactImportSchema,
      handler: ({ params, body }) => startImport(ctx, job, params.id, body),
    }),
    defineRoute({
      method: "post",
      path: "/api/contacts/imports/:id/cancel",
      guard: "admin",
      summary: "Stop an import at its next batch (rows already committed stay imported)",
      tags,
      params: idParams,
      response: contactImportSchema,
      handler: ({ params }) => cancelImport(ctx, params.id),
    }),
    defineRoute({
      method: "get",
      path: "/api/contacts/imports/:id/errors.csv",
      guard: "admin",
      summary: "The refused rows as CSV: row number, column, value and reason",
      tags,
      params: idParams,
      handler: ({ params, res }) => streamErrorReport(ctx.db, params.id, res),
    }),
    defineRoute({
      method: "get",
      path: "/api/contact-fields",
      guard: "agent",
      summary: "Typed custom contact fields (text, number, date, choice)",
      tags: ["contacts"],
      response: z.object({ items: z.array(contactFieldSchema) }),
      handler: async () => ({ items: await listContactFields(ctx.db) }),
    }),
    defineRoute({
      method: "post",
      path: "/api/contact-fields",
      guard: "admin",
      summary: "Define a custom contact field (its key names it in imports and templates)",
      tags: ["contacts"],
      body: createContactFieldBody,
      response: contactFieldSchema,
      status: 201,
      handler: ({ body }) => createContactField(ctx.db, body),
    }),
    defineRoute({
      method: "delete",
      path: "/api/contact-fields/:key",
      guard: "admin",
      summary: "Remove a custom field's definition (stored values stay on the contacts)",
      tags: ["contacts"],
      params: contactFieldKeyParams,
      status: 204,
      handler: async ({ params }) => {
        await deleteContactField(ctx.db, params.key);
      },
    }),
  ];
}
