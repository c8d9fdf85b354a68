import { importFileFields, importSchema, importUrlBody } from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { AppError, fromZod } from "../../platform/errors";
import { defineRoute } from "../../platform/http/route";
import { requestActor } from "../audit";
import { requestEmbedding } from "./embed-job";
import { fetchPage, htmlToMarkdown } from "./fetch-page";
import { knowledgeImportJob } from "./jobs";
import { runImport, toImport } from "./run-import";
import { knowledgeImports } from "./schema";

type Kind = "markdown" | "text" | "csv" | "url";

function kindOf(name: string, mime: string): Kind | null {
  const ext = name.toLowerCase().split(".").pop() ?? "";
  if (["md", "markdown", "mdx"].includes(ext) || mime === "text/markdown") return "markdown";
  if (ext === "csv" || mime === "text/csv") return "csv";
  if (ext === "txt" || mime === "text/plain") return "text";
  return null;
}

export function importRoutes(ctx: AppContext) {
  const tags = ["knowledge"];

  /** Stores the import, then runs it now (small) or as a job (large): 201 done, or 202 queued to poll. */
  async function start(
    req: Parameters<typeof requestActor>[0],
    user: { id: string; name: string },
    kind: Kind,
    source: string,
    payload: string,
    options: { split: "headings" | "single"; status: "draft" | "published"; tags: string[] },
  ) {
    const [row] = await ctx.db
      .insert(knowledgeImports)
      .values({ kind, source: source.slice(0, 2000), options, payload, createdById: user.id })
      .returning();
    const res = req.res!;
    if (Buffer.byteLength(payload) > ctx.config.knowledge.inlineImportBytes) {
      await ctx.jobs.send(knowledgeImportJob(ctx), { importId: row!.id });
      // 202: accepted, the result comes later (poll GET /api/knowledge/imports/:id).
      res.status(202).json(toImport(row!));
      return res;
    }
    try {
      const done = (await runImport(ctx.db, row!.id, requestActor(req, user)))!;
      await requestEmbedding(ctx);
      return done;
    } catch (err) {
      // The import's own transaction rolled back: record why, so the list never shows it queued forever.
      await ctx.db
        .update(knowledgeImports)
        .set({
          status: "failed",
          payload: null,
          errors: [{ row: null, message: (err as Error).message.slice(0, 300) }],
          finishedAt: new Date(),
        })
        .where(eq(knowledgeImports.id, row!.id));
      throw err;
    }
  }

  return [
    defineRoute({
      method: "post",
      path: "/api/knowledge/import",
      guard: "admin",
      summary: "Import a Markdown, text or CSV (question,answer) file (multipart field `file`)",
      tags,
      multipart: true,
      response: importSchema,
      status: 201,
      handler: async ({ req, user }) => {
        const file = req.file;
        if (!file) throw new AppError("bad_request", "Attach a file in the field `file`");
        const fields = importFileFields.safeParse(req.body ?? {});
        if (!fields.success) throw fromZod(fields.error);
        const kind = kindOf(file.originalname, file.mimetype);
        if (!kind || kind === "url") throw new AppError("unsupported_media_type", "Import .md, .txt or .csv files");
        if (file.buffer.includes(0))
          throw new AppError("unsupported_media_type", "This file is not text (it contains NUL bytes)");
        const text = new TextDecoder("utf-8").decode(file.buffer);
        const tags = (fields.data.tags ?? "")
          .split(",")
          .map((t) => t.trim().toLowerCase())
          .filter((t) => t && t.length <= 50)
          .slice(0, 20);
        return start(req, user, kind, file.originalname.slice(0, 300) || "upload", text, {
          split: fields.data.split,
          status: fields.data.status,
          tags,
        });
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/knowledge/import/url",
      guard: "admin",
      summary: "Import a web page the server can reach (private addresses refused unless allowed)",
      tags,
      body: importUrlBody,
      response: importSchema,
      status: 201,
      handler: async ({ req, user, body }) => {
        const page = await fetchPage(body.url, { allowPrivate: ctx.config.knowledge.allowPrivateUrls });
        const isHtml = /html/i.test(page.contentType);
        const { title, markdown } = isHtml ? htmlToMarkdown(page.body) : { title: null, markdown: page.body };
        if (!markdown.trim()) throw new AppError("bad_request", "The page has no readable text");
        // The page's title names the article when its own text has no heading.
        const doc = title && !/^#\s/m.test(markdown) ? `# ${title}\n\n${markdown}` : markdown;
        return start(req, user, "url", page.url, doc.replaceAll("\u0000", ""), {
          split: "single",
          status: body.status,
          tags: body.tags,
        });
      },
    }),
  ];
}
