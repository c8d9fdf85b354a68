import type { SyncedTemplate, TemplateFile, TemplateManagement } from "../adapter";
import { ProviderError } from "../provider-http";
import { type Cfg, call, type Settings } from "./graph";

const FIELDS = "id,name,language,status,category,parameter_format,components,quality_score,rejected_reason";

/** Every template of the Business Account, page by page (Meta pages with `paging.next`). */
export async function listWhatsAppTemplates(c: Cfg): Promise<SyncedTemplate[]> {
  const out: SyncedTemplate[] = [];
  let path: string | null = `${c.settings.wabaId}/message_templates?fields=${FIELDS}&limit=100`;
  // 100 pages of 100: far beyond Meta's per-account template limit (250, 6,000 when verified).
  for (let page = 0; path && page < 100; page++) {
    // biome-ignore lint/suspicious/noExplicitAny: Graph's template objects, read field by field below
    const r: { data?: any[]; paging?: { next?: string } } = await call(c, path);
    for (const t of r.data ?? []) {
      out.push({
        externalId: String(t.id),
        name: String(t.name),
        language: String(t.language),
        category: t.category ?? null,
        status: String(t.status),
        parameterFormat: String(t.parameter_format ?? "POSITIONAL"),
        components: t.components ?? [],
        qualityScore: t.quality_score?.score ?? null,
        rejectedReason: t.rejected_reason && t.rejected_reason !== "NONE" ? String(t.rejected_reason) : null,
      });
    }
    const next = r.paging?.next;
    // `next` is an absolute URL on graph.facebook.com; we keep our own base (the fake, a proxy).
    path = next ? next.replace(/^.*?\/v\d+\.\d+\//, "") : null;
  }
  return out;
}

export const whatsappTemplates: TemplateManagement<Settings> = {
  create: async (c, payload) => {
    const r = await call<{ id?: string; status?: string; category?: string }>(
      c,
      `${c.settings.wabaId}/message_templates`,
      { json: payload },
    );
    if (!r?.id) throw new ProviderError("Meta accepted the template but returned no id", { status: 200, body: r });
    return { id: String(r.id), status: String(r.status ?? "PENDING"), category: r.category ?? null };
  },
  remove: async (c, t) => {
    // With hsm_id only that language goes; by name alone Meta deletes every language of the name.
    const q = new URLSearchParams({ name: t.name, ...(t.externalId ? { hsm_id: t.externalId } : {}) });
    await call(c, `${c.settings.wabaId}/message_templates?${q}`, { method: "DELETE" });
  },
  uploadExample: async (c, file) => {
    const appId = c.settings.appId;
    if (!appId) throw new ProviderError("Set the channel's Meta app ID to upload header media", { status: 400 });
    const q = new URLSearchParams({
      file_name: file.fileName,
      file_length: String(file.bytes.length),
      file_type: file.contentType,
    });
    const session = await call<{ id?: string }>(c, `${appId}/uploads?${q}`, { method: "POST" });
    if (!session?.id) throw new ProviderError("Meta opened no upload session", { status: 200, body: session });
    const done = await call<{ h?: string }>(c, session.id, {
      method: "POST",
      // The upload step authenticates with "OAuth <token>", not Bearer (Resumable Upload API).
      headers: { authorization: `OAuth ${c.secrets.accessToken}`, file_offset: "0" },
      body: new Uint8Array(file.bytes),
    });
    if (!done?.h) throw new ProviderError("Meta returned no upload handle", { status: 200, body: done });
    return done.h;
  },
  uploadMedia: async (c, file: TemplateFile) => {
    const form = new FormData();
    form.append("messaging_product", "whatsapp");
    form.append("type", file.contentType);
    form.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.contentType }), file.fileName);
    const up = await call<{ id: string }>(c, `${c.settings.phoneNumberId}/media`, { method: "POST", body: form });
    return String(up.id);
  },
};
