import crypto from "node:crypto";
import express, { type Request, type Response } from "express";
import { metaSignature } from "../meta-signature";
import { FakeState, type FakeTemplate, postWebhook, randomDigits } from "../sandbox/fake-state";
import type { FakeAccount, ProviderFake } from "../sandbox/types";
import { defaultReview, mountTemplateFake, type TemplateReview } from "./fake-templates";
import { type FakeSendLimits, fakeSendGate } from "./fake-limits";

/** Templates every fake WhatsApp Business Account starts with. */
export const FAKE_TEMPLATES = [
  {
    id: "9001",
    name: "hello_world",
    language: "en_US",
    status: "APPROVED",
    category: "UTILITY",
    parameter_format: "POSITIONAL",
    components: [{ type: "BODY", text: "Hello! Thanks for contacting us. How can we help?" }],
  },
  {
    id: "9002",
    name: "order_update",
    language: "en_US",
    status: "APPROVED",
    category: "UTILITY",
    parameter_format: "POSITIONAL",
    components: [{ type: "BODY", text: "Hi {{1}}, your order {{2}} has shipped." }],
  },
  {
    id: "9003",
    name: "summer_sale",
    language: "en_US",
    status: "PENDING",
    category: "MARKETING",
    parameter_format: "POSITIONAL",
    components: [{ type: "BODY", text: "Summer sale: 20% off everything!" }],
  },
];

export interface WhatsAppFakeOptions {
  accounts: () => Promise<FakeAccount[]>;
  /** Automatically send sent + delivered statuses after each accepted message. */
  autoDeliver?: boolean;
  /** Refuse free-form messages outside the 24-hour window synchronously with 131047 (else accept, then fail by webhook). */
  windowMode?: "sync" | "async";
  mediaBase?: () => string;
  /** Accept sends (and record them) but never answer: the caller dies waiting (crash tests). Read per request. */
  hangAfterAccept?: boolean;
  /** Meta's review of a submitted template (default: approve, reject names starting `reject_`). Read per template. */
  templateReview?: TemplateReview;
  /** How long the review takes before its status webhook (ms). */
  templateReviewMs?: number;
  /** Throughput, pair rate, per-number errors and a kill switch (campaign tests). Read per request. */
  sendLimits?: () => FakeSendLimits | undefined;
}

const wamid = () => `wamid.${Buffer.from(crypto.randomBytes(18)).toString("base64url")}`;
const graphErr = (code: number, message: string, details?: string) => ({
  error: {
    message,
    type: "OAuthException",
    code,
    ...(details ? { error_data: { messaging_product: "whatsapp", details } } : {}),
    fbtrace_id: "Fake" + randomDigits(6),
  },
});

/**
 * The reply buttons of an interactive message (`interactive.type` "button": a body text and 1-3
 * `{type:"reply", reply:{id,title}}`), or what is wrong with them as Meta's error details say it.
 */
type InteractiveBody = {
  type?: unknown;
  body?: { text?: unknown };
  action?: { buttons?: { type?: unknown; reply?: { id?: unknown; title?: unknown } }[] };
};
function replyButtons(i: InteractiveBody | undefined): { id: string; title: string; list?: true }[] | string {
  if (i?.type === "list") return listRows(i as ListBody);
  if (i?.type !== "button") return `interactive.type ${JSON.stringify(i?.type)} is not supported by this fake`;
  const body = i.body?.text;
  if (typeof body !== "string" || !body || body.length > 1024) return "interactive.body.text must be 1-1024 characters";
  const list = i.action?.buttons;
  if (!Array.isArray(list) || list.length < 1 || list.length > 3) return "interactive.action.buttons takes 1-3 buttons";
  const out: { id: string; title: string }[] = [];
  for (const btn of list) {
    const { id, title } = btn?.reply ?? {};
    if (btn?.type !== "reply" || typeof id !== "string" || !id || id.length > 256)
      return "a button needs type reply and a reply.id";
    if (typeof title !== "string" || !title || title.length > 20) return "a button title must be 1-20 characters";
    out.push({ id, title });
  }
  return out;
}

/** A list message (`interactive.type` "list"): a button label (<= 20) and sections of rows, 10 rows in all. */
type ListBody = {
  body?: { text?: unknown };
  action?: { button?: unknown; sections?: { title?: unknown; rows?: { id?: unknown; title?: unknown }[] }[] };
};
function listRows(i: ListBody): { id: string; title: string; list: true }[] | string {
  const body = i.body?.text;
  if (typeof body !== "string" || !body || body.length > 4096) return "interactive.body.text must be 1-4096 characters";
  const label = i.action?.button;
  if (typeof label !== "string" || !label || label.length > 20)
    return "interactive.action.button must be 1-20 characters";
  const sections = i.action?.sections;
  if (!Array.isArray(sections) || sections.length < 1 || sections.length > 10) return "a list takes 1-10 sections";
  const out: { id: string; title: string; list: true }[] = [];
  for (const section of sections)
    for (const row of section?.rows ?? []) {
      if (typeof row?.id !== "string" || !row.id || row.id.length > 200) return "a row needs an id of 1-200 characters";
      if (typeof row.title !== "string" || !row.title || row.title.length > 24)
        return "a row title must be 1-24 characters";
      out.push({ id: row.id, title: row.title, list: true });
    }
  if (out.length < 1 || out.length > 10) return "a list takes 1-10 rows in all";
  return out;
}

/** A WhatsApp Cloud API stand-in: Graph send/media/templates endpoints and signed webhooks. */
export function createWhatsAppFake(opts: WhatsAppFakeOptions): ProviderFake & {
  sendStatus(
    account: FakeAccount,
    id: string,
    to: string,
    status: string,
    error?: { code: number; title: string; details?: string },
  ): Promise<number>;
  /** Raw webhook with any message object (tests of media, location, unsupported types…). */
  rawMessage(a: FakeAccount, value: Record<string, unknown>): Promise<number>;
  addMedia(a: FakeAccount, bytes: Buffer, type: string): string;
  /** Business-account webhook (template status / quality updates) as Meta sends it. */
  wabaWebhook(a: FakeAccount, field: string, value: Record<string, unknown>): Promise<number>;
  /** `business_capability_update` with the portfolio's new limit (2000, 10000, 100000 or "UNLIMITED"). */
  capabilityUpdate(a: FakeAccount, limit: number | "UNLIMITED"): Promise<number>;
  /** The account's templates as the fake holds them (created ones included). */
  templates(a: FakeAccount): FakeTemplate[];
  tapButton(a: FakeAccount, customerId: string, buttonId: string): Promise<number>;
} {
  const state = new FakeState();
  // biz_opaque_callback_data given with each send, echoed in every status webhook of that message.
  const callbackData = new Map<string, string>();
  const media = new Map<string, { bytes: Buffer; type: string; token: string }>();
  const gate = fakeSendGate(() => opts.sendLimits?.());
  const router = express.Router();

  const find = async (id: string) =>
    (await opts.accounts()).find((a) => a.accountId === id || a.settings.wabaId === id) ?? null;
  const authorized = (req: Request, a: FakeAccount) => req.headers.authorization === `Bearer ${a.secrets.accessToken}`;
  const deny = (res: Response) =>
    res.status(401).json(graphErr(190, "Error validating access token: Session has expired or is invalid"));

  async function webhook(a: FakeAccount, value: Record<string, unknown>, field = "messages") {
    const body = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [
        {
          id: String(a.settings.wabaId ?? "0"),
          changes: [
            {
              field,
              value: {
                messaging_product: "whatsapp",
                metadata: {
                  display_phone_number: String(a.settings.displayPhoneNumber ?? "15550100").replace(/\D/g, ""),
                  phone_number_id: a.accountId,
                },
                ...value,
              },
            },
          ],
        },
      ],
    });
    return postWebhook(a.webhookUrl, body, {
      "x-hub-signature-256": metaSignature(a.secrets.appSecret ?? "", Buffer.from(body)),
    });
  }

  /** Business-account changes (templates): the entry is the WABA, the value has no phone metadata. */
  async function wabaWebhook(a: FakeAccount, field: string, value: Record<string, unknown>) {
    const body = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [
        { id: String(a.settings.wabaId ?? "0"), time: Math.floor(Date.now() / 1000), changes: [{ field, value }] },
      ],
    });
    return postWebhook(a.webhookUrl, body, {
      "x-hub-signature-256": metaSignature(a.secrets.appSecret ?? "", Buffer.from(body)),
    });
  }

  async function sendStatus(
    a: FakeAccount,
    id: string,
    to: string,
    status: string,
    error?: { code: number; title: string; details?: string },
  ) {
    state.setStatus(a.accountId, to, id, status as never);
    const s: Record<string, unknown> = {
      id,
      status,
      timestamp: String(Math.floor(Date.now() / 1000)),
      recipient_id: to,
    };
    const opaque = callbackData.get(id);
    if (opaque !== undefined) s.biz_opaque_callback_data = opaque;
    if (status === "sent") s.pricing = { billable: true, pricing_model: "PMP", category: "service" };
    if (error)
      s.errors = [
        {
          code: error.code,
          title: error.title,
          message: error.title,
          error_data: { details: error.details ?? error.title },
          href: "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
        },
      ];
    return webhook(a, { statuses: [s] });
  }

  // The Marketing Messages API takes the same body at /marketing_messages (plus its TTL); both are recorded by path.
  const sendPaths = ["/:version/:phoneNumberId/messages", "/:version/:phoneNumberId/marketing_messages"];
  router.post(sendPaths, express.json({ limit: "2mb" }), async (req, res) => {
    const a = await find(String(req.params.phoneNumberId));
    state.record("POST", req.path, req.body);
    if (!a) return void res.status(400).json(graphErr(100, "Unsupported post request. Object does not exist"));
    if (!authorized(req, a)) return void deny(res);
    const failure = state.takeFailure();
    if (failure)
      return void res
        .status(failure.status)
        .set(failure.headers ?? {})
        .json(failure.body);
    const b = req.body ?? {};
    if (b.messaging_product !== "whatsapp" || !b.to)
      return void res.status(400).json(graphErr(100, "Invalid parameter", "messaging_product and to are required"));
    if (b.status === "read") return void res.json({ success: true });
    const to = String(b.to);
    const refused = gate(to);
    if (refused) return void res.status(refused.status).json(graphErr(refused.code, refused.message));
    const last = state.lastCustomerMessage(a.accountId, to);
    const outside = b.type !== "template" && (!last || Date.now() - last.getTime() > 24 * 3600_000);
    if (outside && (opts.windowMode ?? "sync") === "sync") {
      return void res
        .status(400)
        .json(
          graphErr(
            131047,
            "(#131047) Re-engagement message",
            "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
          ),
        );
    }
    const buttons = b.type === "interactive" ? replyButtons(b.interactive) : undefined;
    if (typeof buttons === "string")
      return void res.status(400).json(graphErr(131009, "Parameter value is not valid", buttons));
    const id = wamid();
    if (typeof b.biz_opaque_callback_data === "string") {
      if (b.biz_opaque_callback_data.length > 512)
        return void res.status(400).json(graphErr(100, "Invalid parameter", "biz_opaque_callback_data is too long"));
      callbackData.set(id, b.biz_opaque_callback_data);
    }
    const text =
      b.type === "text"
        ? String(b.text?.body ?? "")
        : b.type === "template"
          ? `[template ${b.template?.name}]`
          : b.type === "interactive"
            ? String(b.interactive.body.text)
            : String(b[b.type]?.caption ?? `[${b.type}]`);
    state.add(a.accountId, to, { id, from: "business", text, status: "sent", ...(buttons ? { buttons } : {}) });
    if (opts.hangAfterAccept) return;
    res.json({ messaging_product: "whatsapp", contacts: [{ input: to, wa_id: to }], messages: [{ id }] });
    setTimeout(async () => {
      if (outside)
        return void sendStatus(a, id, to, "failed", {
          code: 131047,
          title: "Re-engagement message",
          details:
            "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
        });
      if (opts.autoDeliver === false) return;
      await sendStatus(a, id, to, "sent");
      await sendStatus(a, id, to, "delivered");
    }, 30);
  });

  router.post(
    "/:version/:phoneNumberId/media",
    express.raw({ type: "multipart/form-data", limit: "20mb" }),
    async (req, res) => {
      const a = await find(String(req.params.phoneNumberId));
      if (!a || !authorized(req, a)) return void deny(res);
      const form = await new Request("http://x", {
        method: "POST",
        headers: { "content-type": String(req.headers["content-type"]) },
        body: req.body,
      }).formData();
      const file = form.get("file");
      state.record("POST", req.path, {
        type: form.get("type"),
        messaging_product: form.get("messaging_product"),
        fileName: file instanceof File ? file.name : null,
      });
      if (!(file instanceof File) || form.get("messaging_product") !== "whatsapp")
        return void res.status(400).json(graphErr(100, "Invalid parameter", "file and messaging_product are required"));
      const id = randomDigits(16);
      media.set(id, {
        bytes: Buffer.from(await file.arrayBuffer()),
        type: String(form.get("type") ?? file.type),
        token: a.secrets.accessToken!,
      });
      res.json({ id });
    },
  );

  const templateStore = mountTemplateFake(router, {
    state,
    seed: () => FAKE_TEMPLATES,
    find,
    accounts: opts.accounts,
    authorized,
    deny,
    graphErr,
    wabaWebhook,
    review: () => opts.templateReview ?? defaultReview,
    reviewMs: () => opts.templateReviewMs ?? 50,
  });

  // Media download, step 2: the short-lived URL, which needs the same bearer token.
  router.get("/media-bytes/:id", (req, res) => {
    const m = media.get(String(req.params.id));
    if (!m) return void res.status(404).end();
    if (req.headers.authorization !== `Bearer ${m.token}`) return void res.status(401).end();
    res.type(m.type).send(m.bytes);
  });

  router.get("/:version/:id", async (req, res) => {
    const id = String(req.params.id);
    const m = media.get(id);
    if (m) {
      if (req.headers.authorization !== `Bearer ${m.token}`) return void deny(res);
      const base = opts.mediaBase?.() ?? `${req.protocol}://${req.get("host")}${req.baseUrl}`;
      return void res.json({
        messaging_product: "whatsapp",
        url: `${base}/media-bytes/${id}`,
        mime_type: m.type,
        sha256: crypto.createHash("sha256").update(m.bytes).digest("hex"),
        file_size: String(m.bytes.length),
        id,
      });
    }
    const a = await find(id);
    if (!a || !authorized(req, a)) return void deny(res);
    // The WABA node: its owner business is the portfolio Meta's messaging limit is counted for.
    if (id !== a.accountId && id === String(a.settings.wabaId))
      return void res.json({
        id,
        name: "Sandbox WABA",
        owner_business_info: { id: a.businessId ?? `9${id}`, name: "Sandbox Business" },
      });
    // Only the messaging-limit read is recorded: other tests count the calls of their own flows.
    if (String(req.query.fields ?? "").includes("messaging_limit")) state.record("GET", req.path, req.query);
    const tier = opts.sendLimits?.()?.portfolioLimit;
    res.json({
      ...(tier ? { whatsapp_business_manager_messaging_limit: tier } : {}),
      display_phone_number: String(a.settings.displayPhoneNumber || "+1 555 0100"),
      verified_name: "Sandbox Business",
      id,
    });
  });

  return {
    router,
    get calls() {
      return state.calls;
    },
    async customerSays(a, customer, text) {
      const id = wamid();
      state.add(a.accountId, customer.id, { id, from: "customer", text, status: "sent" });
      const status = await webhook(a, {
        contacts: [{ profile: { name: customer.name }, wa_id: customer.id }],
        messages: [
          {
            from: customer.id,
            id,
            timestamp: String(Math.floor(Date.now() / 1000)),
            type: "text",
            text: { body: text },
          },
        ],
      });
      return { externalId: id, status };
    },
    async markRead(a, customerId) {
      for (const m of state.thread(a.accountId, customerId))
        if (m.from === "business" && m.status !== "read" && m.status !== "failed")
          await sendStatus(a, m.id, customerId, "read");
    },
    thread: (a, customerId) => state.thread(a.accountId, customerId),
    /** The customer taps a reply button: an inbound `interactive` message with `button_reply`, in context of the message. */
    async tapButton(a, customerId, buttonId) {
      const under = [...state.thread(a.accountId, customerId)]
        .reverse()
        .find((m) => m.from === "business" && m.buttons?.some((x) => x.id === buttonId));
      if (!under) throw new Error(`No message to ${customerId} has a button ${buttonId}`);
      const button = under.buttons!.find((x) => x.id === buttonId)!;
      const title = button.title;
      const id = wamid();
      state.add(a.accountId, customerId, { id, from: "customer", text: title, status: "sent" });
      return webhook(a, {
        contacts: [{ profile: { name: customerId }, wa_id: customerId }],
        messages: [
          {
            context: { from: String(a.settings.displayPhoneNumber ?? "").replace(/\D/g, ""), id: under.id },
            from: customerId,
            id,
            timestamp: String(Math.floor(Date.now() / 1000)),
            type: "interactive",
            interactive: button.list
              ? { type: "list_reply", list_reply: { id: buttonId, title } }
              : { type: "button_reply", button_reply: { id: buttonId, title } },
          },
        ],
      });
    },
    failNext(n, failure) {
      for (let i = 0; i < n; i++) state.failures.push({ ...failure, skip: i === 0 ? failure.skip : 0 });
    },
    sendStatus,
    /** Raw webhook with any message object (tests of media, location, unsupported types…). */
    rawMessage: (a: FakeAccount, value: Record<string, unknown>) => webhook(a, value),
    wabaWebhook,
    capabilityUpdate: (a: FakeAccount, limit: number | "UNLIMITED") =>
      wabaWebhook(a, "business_capability_update", { max_daily_conversations_per_business: limit }),
    templates: (a: FakeAccount) => templateStore.store(String(a.settings.wabaId ?? "")),
    /** Registers media the customer "sends", returning its media id. */
    addMedia: (a: FakeAccount, bytes: Buffer, type: string) => {
      const id = randomDigits(16);
      media.set(id, { bytes, type, token: a.secrets.accessToken! });
      return id;
    },
  } as ProviderFake & {
    sendStatus: typeof sendStatus;
    wabaWebhook: typeof wabaWebhook;
    capabilityUpdate: (a: FakeAccount, limit: number | "UNLIMITED") => Promise<number>;
    templates: (a: FakeAccount) => FakeTemplate[];
    rawMessage: (a: FakeAccount, v: Record<string, unknown>) => Promise<number>;
    addMedia: (a: FakeAccount, b: Buffer, t: string) => string;
    tapButton: (a: FakeAccount, customerId: string, buttonId: string) => Promise<number>;
  };
}
