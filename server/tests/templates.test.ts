import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { createWhatsAppFake } from "../src/features/channels/whatsapp/fake";
import type { TemplateReview } from "../src/features/channels/whatsapp/fake-templates";
import { serveFake } from "./fakes";
import { bootServer, type Client, drivers, loginAs, socket, type TestServer, waitFor } from "./helpers";

const account: FakeAccount = {
  accountId: "106540352249001",
  secrets: { accessToken: "EAAtemplates-token", appSecret: "tpl-app-secret" },
  settings: {
    phoneNumberId: "106540352249001",
    wabaId: "102290129349001",
    appId: "301234567890123",
    displayPhoneNumber: "+1 555 000 9001",
  },
  webhookUrl: "",
};

/** A second number of the same business account: template webhooks reach its copy of the list too. */
const second: FakeAccount = {
  ...account,
  accountId: "106540352249002",
  settings: { ...account.settings, phoneNumberId: "106540352249002", displayPhoneNumber: "+1 555 000 9002" },
};

const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);

describe.each(drivers)("WhatsApp message templates (%s)", (driver) => {
  const review: TemplateReview = (t) =>
    t.name.startsWith("reject_") ? { status: "REJECTED", reason: "INVALID_FORMAT" } : { status: "APPROVED" };
  const fake = createWhatsAppFake({
    accounts: async () => [account, second],
    autoDeliver: false,
    templateReview: (t) => review(t),
    templateReviewMs: 20,
  });
  let served: Awaited<ReturnType<typeof serveFake>>;
  let s: TestServer;
  let admin: Client;
  let agent: Client;
  let channelId = "";
  let secondId = "";

  const draft = (over: Record<string, unknown> = {}) => ({
    channelId,
    name: "order_ready",
    language: "en_US",
    category: "UTILITY",
    parameterFormat: "POSITIONAL",
    body: { text: "Hi {{1}}, your order {{2}} is ready.", examples: { "1": "Dana", "2": "#8812" } },
    footer: "Reply STOP to opt out",
    buttons: [
      { type: "QUICK_REPLY", text: "Thanks" },
      { type: "URL", text: "Track", url: "https://shop.example.com/track/{{1}}", example: "8812" },
      { type: "PHONE_NUMBER", text: "Call us", phoneNumber: "+14155550100" },
    ],
    ...over,
  });
  const templateIn = (name: string) => fake.templates(account).find((t) => t.name === name);

  beforeAll(async () => {
    served = await serveFake(fake.router);
    s = await bootServer(driver, { WHATSAPP_API_URL: `${served.url}/v23.0` });
    account.webhookUrl = `${s.url}/webhooks/whatsapp`;
    admin = await loginAs(s.url);
    const r = await admin.post("/api/channels", {
      type: "whatsapp",
      name: "Campaigns number",
      settings: account.settings,
      secrets: account.secrets,
    });
    expect(r.status, r.text).toBe(201);
    channelId = r.body.channel.id;
    second.webhookUrl = account.webhookUrl;
    const r2 = await admin.post("/api/channels", {
      type: "whatsapp",
      name: "Second number",
      settings: second.settings,
      secrets: second.secrets,
    });
    expect(r2.status, r2.text).toBe(201);
    secondId = r2.body.channel.id;
    const created = await admin.post("/api/agents", {
      email: "tpl-agent@example.com",
      name: "Template Agent",
      password: "agent-password-123",
      role: "agent",
    });
    expect(created.status, created.text).toBe(201);
    agent = await loginAs(s.url, "tpl-agent@example.com", "agent-password-123");
  });
  afterAll(async () => {
    await s.stop();
    await served.close();
  });

  it("syncs the account's templates on connect and lists them with filters", async () => {
    const all = await agent.get(`/api/templates?channel=${channelId}`);
    expect(all.status).toBe(200);
    expect(all.body.items.map((t: { name: string }) => t.name)).toEqual(["hello_world", "order_update", "summer_sale"]);
    const pending = await agent.get(`/api/templates?channel=${channelId}&status=PENDING`);
    expect(pending.body.items.map((t: { name: string }) => t.name)).toEqual(["summer_sale"]);
    expect((await agent.get("/api/templates?status=NOPE")).status).toBe(400);
  });

  it("refuses what Meta would refuse, naming each field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "Order Ready" }, "name"],
      [{ body: { text: "Hi {{1}}, order {{2}} is ready.", examples: { "1": "Dana" } } }, "body"],
      [{ body: { text: "Hi {{2}}, ready.", examples: { "2": "x" } } }, "body"],
      [{ body: { text: "{{1}} is ready now", examples: { "1": "x" } } }, "body"],
      [{ footer: "x".repeat(61) }, "footer"],
      [{ buttons: Array.from({ length: 11 }, (_, i) => ({ type: "QUICK_REPLY", text: `B${i}` })) }, "buttons"],
      [
        {
          buttons: [
            { type: "URL", text: "A", url: "https://a.example.com" },
            { type: "URL", text: "B", url: "https://b.example.com" },
            { type: "URL", text: "C", url: "https://c.example.com" },
          ],
        },
        "buttons",
      ],
      [{ buttons: [{ type: "QUICK_REPLY", text: "x".repeat(26) }] }, "buttons"],
      [{ buttons: [{ type: "URL", text: "Go", url: "https://x.example.com/{{1}}" }] }, "buttons"],
      [{ category: "PROMO" }, "category"],
    ];
    for (const [over, field] of cases) {
      const r = await admin.post("/api/templates", draft(over));
      expect(r.status, JSON.stringify(over)).toBe(400);
      expect(r.body.error.code).toBe("validation_failed");
      expect(Object.keys(r.body.error.details.fieldErrors)).toContain(field);
    }
    const count = await admin.get(`/api/templates?channel=${channelId}&status=DRAFT`);
    expect(count.body.items).toEqual([]);
  });

  it("keeps a draft editable, submits Meta's exact component JSON, and applies the approval webhook live", async () => {
    const created = await admin.post("/api/templates", draft());
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      status: "DRAFT",
      externalId: null,
      content: { body: "Hi {{1}}, your order {{2}} is ready." },
    });
    const id = created.body.id;
    expect((await admin.post("/api/templates", draft())).status).toBe(409);
    const edited = await admin.patch(`/api/templates/${id}`, {
      ...draft(),
      channelId: undefined,
      body: { text: "Hi {{1}}, your order {{2}} is ready for pickup.", examples: { "1": "Dana", "2": "#8812" } },
    });
    expect(edited.status, edited.text).toBe(200);
    const ws = await socket(s.url, { cookie: agent.cookie });
    const submitted = await admin.post(`/api/templates/${id}/submit`);
    expect(submitted.status, submitted.text).toBe(200);
    expect(submitted.body.status).toBe("PENDING");
    const call = fake.calls.find(
      (c) => c.method === "POST" && c.path.endsWith(`/${account.settings.wabaId}/message_templates`),
    );
    expect(call?.body).toEqual({
      name: "order_ready",
      language: "en_US",
      category: "UTILITY",
      parameter_format: "POSITIONAL",
      components: [
        {
          type: "BODY",
          text: "Hi {{1}}, your order {{2}} is ready for pickup.",
          example: { body_text: [["Dana", "#8812"]] },
        },
        { type: "FOOTER", text: "Reply STOP to opt out" },
        {
          type: "BUTTONS",
          buttons: [
            { type: "QUICK_REPLY", text: "Thanks" },
            { type: "URL", text: "Track", url: "https://shop.example.com/track/{{1}}", example: ["8812"] },
            { type: "PHONE_NUMBER", text: "Call us", phone_number: "+14155550100" },
          ],
        },
      ],
    });
    const approved = await ws.next(
      (e) => e.type === "template.updated" && e.template.id === id && e.template.status === "APPROVED",
    );
    expect(approved.template.externalId).toBe(templateIn("order_ready")?.id);
    expect((await admin.patch(`/api/templates/${id}`, { ...draft(), channelId: undefined })).status).toBe(409);
    expect((await admin.post(`/api/templates/${id}/submit`)).status).toBe(409);
    ws.close();
  });

  it("records Meta's rejection with its reason", async () => {
    const r = await admin.post("/api/templates", draft({ name: "reject_me", buttons: [] }));
    await admin.post(`/api/templates/${r.body.id}/submit`);
    await waitFor(async () => (await admin.get(`/api/templates/${r.body.id}`)).body.status === "REJECTED");
    expect((await admin.get(`/api/templates/${r.body.id}`)).body.rejectedReason).toBe("INVALID_FORMAT");
  });

  it("applies a status webhook once however often Meta delivers it, and quality updates", async () => {
    const t = (await admin.get(`/api/templates?channel=${channelId}`)).body.items.find(
      (x: { name: string }) => x.name === "order_update",
    );
    const ws = await socket(s.url, { cookie: admin.cookie });
    const paused = {
      event: "PAUSED",
      message_template_id: Number(t.externalId),
      message_template_name: "order_update",
      message_template_language: "en_US",
      reason: "LOW_QUALITY",
    };
    expect(await fake.wabaWebhook(account, "message_template_status_update", paused)).toBe(200);
    expect(await fake.wabaWebhook(account, "message_template_status_update", paused)).toBe(200);
    expect(
      await fake.wabaWebhook(account, "message_template_quality_update", {
        previous_quality_score: "GREEN",
        new_quality_score: "RED",
        message_template_id: Number(t.externalId),
        message_template_name: "order_update",
        message_template_language: "en_US",
      }),
    ).toBe(200);
    // Applied in the order received: once the quality update is seen, both PAUSED deliveries were applied.
    await ws.next((e) => e.type === "template.updated" && e.template.qualityScore === "RED");
    const updates = ws.events.filter((e) => e.type === "template.updated" && e.template.id === t.id);
    expect(updates.map((e) => [e.template.status, e.template.qualityScore])).toEqual([
      ["PAUSED", null],
      ["PAUSED", "RED"],
    ]);
    expect((await admin.get(`/api/templates/${t.id}`)).body).toMatchObject({
      status: "PAUSED",
      rejectedReason: "LOW_QUALITY",
      qualityScore: "RED",
    });
    const onSecond = (await admin.get(`/api/templates?channel=${secondId}`)).body.items.find(
      (x: { name: string }) => x.name === "order_update",
    );
    expect(onSecond).toMatchObject({ status: "PAUSED", qualityScore: "RED" });
    ws.close();
  });

  it("syncs every page of a large account", async () => {
    const store = fake.templates(account);
    for (let i = 0; i < 230; i++)
      store.push({
        id: String(700000 + i),
        name: `bulk_${String(i).padStart(3, "0")}`,
        language: "en_US",
        status: "APPROVED",
        category: "MARKETING",
        parameter_format: "POSITIONAL",
        components: [{ type: "BODY", text: `Offer ${i}` }],
        quality_score: { score: "GREEN" },
      });
    const before = fake.calls.length;
    const r = await admin.post("/api/templates/sync", { channelId });
    expect(r.status, r.text).toBe(200);
    expect(r.body.items.filter((t: { name: string }) => t.name.startsWith("bulk_"))).toHaveLength(230);
    const pages = fake.calls.slice(before).filter((c) => c.method === "GET" && c.path.includes("message_templates"));
    expect(pages).toHaveLength(3);
    expect(pages[0]!.path).toContain("fields=");
    expect(pages[1]!.path).toContain("after=");
    expect(r.body.items.find((t: { name: string }) => t.name === "bulk_007").qualityScore).toBe("GREEN");
  });

  it("previews with a real contact's data, showing which variables fell back", async () => {
    const c = await agent.post("/api/contacts", { name: "Dana Reyes", phone: "+14155550123" });
    expect(c.status, c.text).toBe(201);
    const contactId = c.body.id ?? c.body.contact?.id;
    await agent.patch(`/api/contacts/${contactId}`, { attributes: { lab: "City Lab" } });
    const t = await admin.post(
      "/api/templates",
      draft({
        name: "lab_invite",
        parameterFormat: "NAMED",
        header: { format: "TEXT", text: "Hello {{first_name}}", example: "Dana" },
        body: {
          text: "We saved a slot at {{lab}} for {{first_name}}; write to {{email}} to change it.",
          examples: { lab: "City Lab", first_name: "Dana", email: "dana@example.com" },
        },
        buttons: [{ type: "URL", text: "Book", url: "https://labs.example.com/b/{{1}}", example: "x1" }],
      }),
    );
    expect(t.status, t.text).toBe(201);
    const p = await agent.post(`/api/templates/${t.body.id}/preview`, {
      contactId,
      mapping: {
        header: { first_name: { field: "first_name", fallback: "there" } },
        body: {
          lab: { field: "attributes.lab", fallback: "our lab" },
          first_name: { field: "first_name" },
          email: { field: "email", fallback: "help@example.com" },
        },
        buttons: { "0": { field: "attributes.booking", fallback: "start" } },
      },
    });
    expect(p.status, p.text).toBe(200);
    expect(p.body).toMatchObject({
      header: { format: "TEXT", text: "Hello Dana" },
      body: "We saved a slot at City Lab for Dana; write to help@example.com to change it.",
      buttons: [{ type: "URL", text: "Book", url: "https://labs.example.com/b/start" }],
      parameters: {
        body: [
          { name: "lab", text: "City Lab" },
          { name: "first_name", text: "Dana" },
          { name: "email", text: "help@example.com" },
        ],
      },
      fellBack: ["body.email", "buttons.0"],
      missing: [],
    });
    const none = await agent.post(`/api/templates/${t.body.id}/preview`, { contactId, mapping: {} });
    expect(none.body.missing).toEqual(["header.first_name", "body.lab", "body.first_name", "body.email", "buttons.0"]);
    expect((await agent.post(`/api/templates/${t.body.id}/preview`, { contactId: crypto.randomUUID() })).status).toBe(
      404,
    );
  });

  it("uploads header media once (Resumable Upload handle + media id) and submits the handle as the example", async () => {
    const t = await admin.post(
      "/api/templates",
      draft({ name: "promo_banner", category: "MARKETING", header: { format: "IMAGE" }, buttons: [] }),
    );
    const id = t.body.id;
    const early = await admin.post(`/api/templates/${id}/submit`);
    expect(early.status).toBe(400);
    expect(early.body.error.details.fieldErrors.header).toBeTruthy();
    const bad = new FormData();
    bad.append("file", new Blob(["%PDF-1.4"], { type: "application/pdf" }), "x.pdf");
    expect((await admin.req("POST", `/api/templates/${id}/header-media`, bad)).status).toBe(415);
    const form = new FormData();
    form.append("file", new Blob([PNG], { type: "image/png" }), "banner.png");
    const up = await admin.req("POST", `/api/templates/${id}/header-media`, form);
    expect(up.status, up.text).toBe(200);
    expect(up.body.headerMedia).toMatchObject({ fileName: "banner.png", contentType: "image/png", mediaId: null });
    // Meta refuses the first try: the uploads are kept, the retry does not upload again.
    fake.failNext(1, {
      status: 400,
      body: {
        error: {
          message: "Invalid parameter",
          type: "OAuthException",
          code: 100,
          error_subcode: 2388043,
          error_user_title: "Message template has too many variables",
          error_user_msg: "The template has too many variables for its length.",
        },
      },
    });
    const refused = await admin.post(`/api/templates/${id}/submit`);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: "template_rejected", details: { metaSubcode: 2388043 } });
    expect(refused.body.error.message).toContain("too many variables");
    const ok = await admin.post(`/api/templates/${id}/submit`);
    expect(ok.status, ok.text).toBe(200);
    expect(fake.calls.filter((c) => c.path.includes(`/${account.settings.appId}/uploads`))).toHaveLength(1);
    const bytes = fake.calls.filter((c) => c.path.includes("/upload:"));
    expect(bytes).toHaveLength(1);
    expect(bytes[0]!.body).toMatchObject({ authorization: "OAuth", offset: "0" });
    expect(fake.calls.filter((c) => c.path.endsWith(`/${account.accountId}/media`))).toHaveLength(1);
    const components = (templateIn("promo_banner")?.components ?? []) as {
      type: string;
      example?: { header_handle: string[] };
    }[];
    const header = components[0];
    expect(header).toMatchObject({ type: "HEADER", format: "IMAGE" });
    expect(header?.example?.header_handle[0]).toMatch(/^4::/);
    expect(ok.body.headerMedia.mediaId).toMatch(/^\d+$/);
  });

  it("deletes on the Business Account too, and keeps agents to reading", async () => {
    const t = (await admin.get(`/api/templates?channel=${channelId}`)).body.items.find(
      (x: { name: string }) => x.name === "order_ready",
    );
    expect((await agent.post("/api/templates", draft({ name: "agent_made" }))).status).toBe(403);
    expect((await agent.post(`/api/templates/${t.id}/submit`)).status).toBe(403);
    expect((await agent.del(`/api/templates/${t.id}`)).status).toBe(403);
    expect((await agent.post("/api/templates/sync", { channelId })).status).toBe(403);
    expect((await agent.get(`/api/templates/${t.id}`)).status).toBe(200);
    const ws = await socket(s.url, { cookie: agent.cookie });
    expect((await admin.del(`/api/templates/${t.id}`)).status).toBe(204);
    const del = fake.calls.find((c) => c.method === "DELETE");
    expect(del?.path).toContain(
      `/${account.settings.wabaId}/message_templates?name=order_ready&hsm_id=${t.externalId}`,
    );
    expect(templateIn("order_ready")).toBeUndefined();
    await ws.next((e) => e.type === "template.removed" && e.templateId === t.id);
    expect((await admin.get(`/api/templates/${t.id}`)).status).toBe(404);
    const d = await admin.post("/api/templates", draft({ name: "local_only" }));
    const calls = fake.calls.length;
    expect((await admin.del(`/api/templates/${d.body.id}`)).status).toBe(204);
    expect(fake.calls.length).toBe(calls);
    ws.close();
  });

  it("works on a sandbox number: the built-in fake reviews the template and its webhook comes back signed", async () => {
    const sb = await admin.post("/api/channels", { type: "whatsapp", name: "Sandbox WA", sandbox: true });
    expect(sb.status, sb.text).toBe(201);
    const sandboxId = sb.body.channel.id;
    const listed = await admin.get(`/api/templates?channel=${sandboxId}`);
    expect(listed.body.items.map((t: { name: string }) => t.name)).toContain("hello_world");
    const t = await admin.post("/api/templates", { ...draft({ name: "sandbox_welcome" }), channelId: sandboxId });
    expect(t.status, t.text).toBe(201);
    expect((await admin.post(`/api/templates/${t.body.id}/submit`)).status).toBe(200);
    await waitFor(async () => (await admin.get(`/api/templates/${t.body.id}`)).body.status === "APPROVED");
  });
});
