import express, { type Request, type Response, type Router } from "express";
import { type FakeState, type FakeTemplate, randomDigits } from "../sandbox/fake-state";
import type { FakeAccount } from "../sandbox/types";

/** What Meta's review decides for a submitted template; the default approves all but names starting `reject_`. */
export type TemplateReview = (t: FakeTemplate) => { status: "APPROVED" | "REJECTED" | "PENDING"; reason?: string };
export const defaultReview: TemplateReview = (t) =>
  t.name.startsWith("reject_") ? { status: "REJECTED", reason: "INVALID_FORMAT" } : { status: "APPROVED" };

interface Deps {
  state: FakeState;
  seed: () => FakeTemplate[];
  find: (id: string) => Promise<FakeAccount | null>;
  accounts: () => Promise<FakeAccount[]>;
  authorized: (req: Request, a: FakeAccount) => boolean;
  deny: (res: Response) => void;
  graphErr: (code: number, message: string, details?: string) => { error: Record<string, unknown> };
  /** Sends a business-account webhook (no phone number metadata), signed like the others. */
  wabaWebhook: (a: FakeAccount, field: string, value: Record<string, unknown>) => Promise<number>;
  review: () => TemplateReview;
  reviewMs: () => number;
}

/**
 * The Graph API's template management, as Meta answers it: create (PENDING, then the review's
 * verdict as a `message_template_status_update` webhook), list with cursor paging, delete by name
 * (and hsm_id), and the Resumable Upload API for header examples.
 */
export function mountTemplateFake(router: Router, d: Deps) {
  const { state } = d;
  const store = (waba: string) => {
    let list = state.templates.get(waba);
    if (!list) {
      list = d.seed().map((t) => ({ ...t }));
      state.templates.set(waba, list);
    }
    return list;
  };
  const wabaOf = (a: FakeAccount) => String(a.settings.wabaId ?? "");
  const invalid = (res: Response, details: string, subcode?: number) =>
    res.status(400).json({
      error: {
        ...d.graphErr(100, "Invalid parameter", details).error,
        ...(subcode ? { error_subcode: subcode } : {}),
        error_user_title: "Invalid template",
        error_user_msg: details,
      },
    });

  router.get("/:version/:wabaId/message_templates", async (req, res) => {
    const a = await d.find(String(req.params.wabaId));
    if (!a || !d.authorized(req, a)) return void d.deny(res);
    state.record("GET", req.originalUrl, null);
    const list = store(wabaOf(a));
    const limit = Math.min(Number(req.query.limit) || 25, 100);
    const start = req.query.after ? Number(Buffer.from(String(req.query.after), "base64url").toString()) : 0;
    const page = list.slice(start, start + limit);
    const end = start + page.length;
    const base = `${req.protocol}://${req.get("host")}${req.baseUrl}/${req.params.version}/${req.params.wabaId}/message_templates`;
    const after = Buffer.from(String(end)).toString("base64url");
    const q = new URLSearchParams({ ...(req.query as Record<string, string>), limit: String(limit), after });
    res.json({
      data: page,
      paging: {
        cursors: { before: Buffer.from(String(start)).toString("base64url"), after },
        ...(end < list.length ? { next: `${base}?${q}` } : {}),
      },
    });
  });

  router.post("/:version/:wabaId/message_templates", express.json({ limit: "1mb" }), async (req, res) => {
    const a = await d.find(String(req.params.wabaId));
    state.record("POST", req.path, req.body);
    if (!a || !d.authorized(req, a)) return void d.deny(res);
    const failure = state.takeFailure();
    if (failure) return void res.status(failure.status).json(failure.body);
    const b = req.body ?? {};
    if (typeof b.name !== "string" || !/^[a-z0-9_]{1,512}$/.test(b.name))
      return void invalid(res, "name must be lowercase letters, digits and underscores");
    if (!["MARKETING", "UTILITY", "AUTHENTICATION"].includes(b.category))
      return void invalid(res, "category must be MARKETING, UTILITY or AUTHENTICATION");
    if (typeof b.language !== "string" || !Array.isArray(b.components))
      return void invalid(res, "language and components are required");
    const body = b.components.find((c: { type?: string }) => c?.type === "BODY");
    if (!body) return void invalid(res, "A BODY component is required");
    const header = b.components.find((c: { type?: string }) => c?.type === "HEADER");
    if (header && header.format !== "TEXT") {
      const h = header.example?.header_handle?.[0];
      if (!h || ![...state.uploads.values()].some((u) => u.handle === h))
        return void invalid(res, "A media header needs example.header_handle from the Resumable Upload API");
    }
    const list = store(wabaOf(a));
    if (list.some((t) => t.name === b.name && t.language === b.language))
      return void invalid(res, `Content in this language already exists for ${b.name}`, 2388024);
    const t: FakeTemplate = {
      id: randomDigits(15),
      name: b.name,
      language: b.language,
      status: "PENDING",
      category: b.category,
      parameter_format: b.parameter_format ?? "POSITIONAL",
      components: b.components,
      quality_score: { score: "UNKNOWN" },
    };
    list.push(t);
    res.json({ id: t.id, status: "PENDING", category: t.category });
    setTimeout(() => {
      const verdict = d.review()(t);
      if (verdict.status === "PENDING") return;
      t.status = verdict.status;
      if (verdict.reason) t.rejected_reason = verdict.reason;
      void d.wabaWebhook(a, "message_template_status_update", {
        event: verdict.status,
        message_template_id: Number(t.id),
        message_template_name: t.name,
        message_template_language: t.language,
        reason: verdict.reason ?? "NONE",
      });
    }, d.reviewMs());
  });

  router.delete("/:version/:wabaId/message_templates", async (req, res) => {
    const a = await d.find(String(req.params.wabaId));
    state.record("DELETE", req.originalUrl, null);
    if (!a || !d.authorized(req, a)) return void d.deny(res);
    const name = String(req.query.name ?? "");
    const hsm = req.query.hsm_id ? String(req.query.hsm_id) : null;
    const list = store(wabaOf(a));
    const keep = list.filter((t) => !(t.name === name && (!hsm || t.id === hsm)));
    if (!name || keep.length === list.length)
      return void res
        .status(400)
        .json({ error: { ...d.graphErr(100, "Message template not found").error, error_subcode: 2593002 } });
    state.templates.set(wabaOf(a), keep);
    res.json({ success: true });
  });

  // Resumable Upload API, step 1: open a session on the app.
  router.post("/:version/:appId/uploads", async (req, res) => {
    const appId = String(req.params.appId);
    const a = (await d.accounts()).find((x) => String(x.settings.appId ?? "") === appId);
    state.record("POST", req.originalUrl, null);
    if (!a || !d.authorized(req, a)) return void d.deny(res);
    const length = Number(req.query.file_length);
    if (!req.query.file_name || !length || !req.query.file_type)
      return void invalid(res, "file_name, file_length and file_type are required");
    const id = `upload:${Buffer.from(randomDigits(12)).toString("base64url")}`;
    state.uploads.set(id, { fileName: String(req.query.file_name), length, type: String(req.query.file_type) });
    res.json({ id });
  });

  // Step 2: the bytes, with "Authorization: OAuth <token>" and file_offset; answers the handle.
  router.post(/^\/v[\d.]+\/(upload:[\w-]+)$/, express.raw({ type: () => true, limit: "100mb" }), async (req, res) => {
    const id = String((req.params as Record<string, string>)[0]);
    const u = state.uploads.get(id);
    const scheme = String(req.headers.authorization ?? "").split(" ")[0];
    state.record("POST", req.path, { authorization: scheme, offset: req.headers.file_offset });
    if (!String(req.headers.authorization ?? "").startsWith("OAuth ")) return void d.deny(res);
    if (!u) return void invalid(res, "Unknown upload session");
    const bytes = Buffer.isBuffer(req.body) ? req.body.length : 0;
    if (bytes !== u.length) return void invalid(res, `Expected ${u.length} bytes, got ${bytes}`);
    u.handle = `4::${Buffer.from(`${id}:${randomDigits(8)}`).toString("base64url")}`;
    res.json({ h: u.handle });
  });
  return { store };
}
