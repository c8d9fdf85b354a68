import crypto from "node:crypto";
import express, { type Request, type Response } from "express";
import { FakeState, postWebhook } from "../sandbox/fake-state";
import type { FakeAccount, ProviderFake } from "../sandbox/types";
import { fail, fileIdFrom, jsonParam, notFound, ok, type Params, readParams, str, unauthorized } from "./fake-wire";

export interface TelegramFakeOptions {
  accounts: () => Promise<FakeAccount[]>;
  /** Business messages show "delivered" once accepted (default); false leaves them "sent". */
  autoDeliver?: boolean;
}

interface StoredFile {
  botId: string;
  bytes: Buffer;
  type: string;
  path: string;
  uniqueId: string;
}
type Customer = { id: string; name: string };
type Bot = { botId: string; account: FakeAccount };

const botIdOf = (token: string) => token.split(":")[0] ?? "";
const chatIdValue = (id: string) => (/^-?\d{1,15}$/.test(id) ? Number(id) : id);
const now = () => Math.floor(Date.now() / 1000);
const SEND_METHODS = new Set(["sendmessage", "sendphoto", "senddocument"]);

/**
 * The buttons of an InlineKeyboardMarkup (`{inline_keyboard: [[{text, callback_data}]]}`, sent as
 * JSON or as a JSON string in a form), or Telegram's complaint about them; undefined without one.
 */
function inlineButtons(raw: unknown): { id: string; title: string }[] | string | undefined {
  if (raw === undefined) return undefined;
  const markup = jsonParam<{ inline_keyboard?: unknown }>(raw);
  const rows = markup?.inline_keyboard;
  if (!Array.isArray(rows)) return "can't parse reply keyboard markup JSON object";
  const out: { id: string; title: string }[] = [];
  for (const row of rows) {
    if (!Array.isArray(row)) return 'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays';
    for (const b of row) {
      if (typeof b?.text !== "string" || !b.text) return "text buttons are unallowed in the inline keyboard";
      const data = b.callback_data;
      if (typeof data !== "string" || !data || Buffer.byteLength(data) > 64) return "BUTTON_DATA_INVALID";
      out.push({ id: data, title: b.text });
    }
  }
  return out;
}

/** A Telegram Bot API stand-in: /bot<token>/<method>, file downloads, and webhooks with the secret token. */
export function createTelegramFake(opts: TelegramFakeOptions) {
  const state = new FakeState();
  const hooks = new Map<string, { url: string; secret: string | null; allowedUpdates: string[] | null }>();
  const files = new Map<string, StoredFile>();
  const blocked = new Set<string>();
  const counters = new Map<string, number>();
  /** Callback queries delivered and not yet answered (answerCallbackQuery), by query id. */
  const openQueries = new Map<string, { botId: string; chat: string; messageId: string }>();
  let updateId = 100_000_000 + crypto.randomInt(800_000_000);
  let fileSeq = 0;
  const router = express.Router();

  const nextMessageId = (botId: string, chat: string) => {
    const n = (counters.get(`${botId}:${chat}`) ?? 0) + 1;
    counters.set(`${botId}:${chat}`, n);
    return n;
  };
  const accountOf = async (token: string) => (await opts.accounts()).find((a) => a.secrets.botToken === token) ?? null;
  async function resolve(token: string): Promise<Bot | null> {
    const account = token ? await accountOf(token) : null;
    if (account) return { botId: botIdOf(token), account };
    return null;
  }
  const botUser = (bot: Bot) => ({
    id: Number(bot.botId),
    is_bot: true,
    first_name: String(bot.account.settings.botUsername || "Sandbox bot"),
    username: String(bot.account.settings.botUsername || `sandbox_${bot.botId}_bot`),
  });

  function addFile(botId: string, bytes: Buffer, type: string, folder: string, ext: string) {
    const id = fileIdFrom(++fileSeq, botId);
    files.set(id, { botId, bytes, type, path: `${folder}/file_${fileSeq}.${ext}`, uniqueId: `AQAD${fileSeq}` });
    return id;
  }

  /** Delivers one Update like Telegram: to the URL given to setWebhook, with its secret token. */
  async function deliver(account: FakeAccount, update: Record<string, unknown>) {
    const botId = botIdOf(account.secrets.botToken ?? "");
    const body = { update_id: ++updateId, ...update };
    const hook = hooks.get(botId);
    const url = hook ? hook.url : account.webhookUrl;
    const secret = hook ? hook.secret : (account.secrets.webhookSecret ?? null);
    if (!url) return { status: 0, updateId: body.update_id as number };
    const status = await postWebhook(
      url,
      JSON.stringify(body),
      secret ? { "X-Telegram-Bot-Api-Secret-Token": secret } : {},
    );
    return { status, updateId: body.update_id as number };
  }

  /** The customer sends a message with any content fields (text, photo, document, voice…). */
  async function customerMessage(account: FakeAccount, customer: Customer, content: Record<string, unknown>) {
    const botId = botIdOf(account.secrets.botToken ?? "");
    const [first, ...rest] = customer.name.split(" ");
    const last = rest.join(" ");
    const names = { first_name: first || customer.id, ...(last ? { last_name: last } : {}) };
    const messageId = nextMessageId(botId, customer.id);
    const text = str(content.text) || str(content.caption) || "[media]";
    state.add(botId, customer.id, { id: String(messageId), from: "customer", text, status: "sent" });
    const r = await deliver(account, {
      message: {
        message_id: messageId,
        date: now(),
        from: { id: chatIdValue(customer.id), is_bot: false, ...names, language_code: "en" },
        chat: { id: chatIdValue(customer.id), type: "private", ...names },
        ...content,
      },
    });
    return { ...r, messageId, externalId: `${customer.id}:${messageId}` };
  }

  async function editMessage(account: FakeAccount, customer: Customer, messageId: number, content: object) {
    const botId = botIdOf(account.secrets.botToken ?? "");
    const user = { id: chatIdValue(customer.id), first_name: customer.name };
    const m = state.thread(botId, customer.id).find((x) => x.id === String(messageId) && x.from === "customer");
    if (m && "text" in content) m.text = str(content.text);
    return deliver(account, {
      edited_message: {
        message_id: messageId,
        date: now() - 5,
        edit_date: now(),
        from: { ...user, is_bot: false },
        chat: { ...user, type: "private" },
        ...content,
      },
    });
  }

  async function sendOut(bot: Bot, method: string, p: Params, res: Response) {
    const chat = str(p.chat_id);
    if (!chat) return fail(res, 400, "Bad Request: chat_id is empty");
    if (blocked.has(`${bot.botId}:${chat}`)) return fail(res, 403, "Forbidden: bot was blocked by the user");
    const thread = state.thread(bot.botId, chat);
    if (!thread.some((m) => m.from === "customer")) return fail(res, 400, "Bad Request: chat not found");
    const reply = jsonParam<{ message_id?: number; allow_sending_without_reply?: boolean }>(p.reply_parameters);
    const quoted = reply?.message_id ? thread.find((m) => m.id === String(reply.message_id)) : undefined;
    if (reply?.message_id && !quoted && !reply.allow_sending_without_reply)
      return fail(res, 400, "Bad Request: message to be replied not found");
    const message: Record<string, unknown> = {
      from: botUser(bot),
      chat: { id: chatIdValue(chat), type: "private" },
      date: now(),
      ...(quoted ? { reply_to_message: { message_id: Number(quoted.id), chat: { id: chatIdValue(chat) } } } : {}),
    };
    let text = "";
    let attachment: { fileName: string; contentType: string } | undefined;
    const buttons = inlineButtons(p.reply_markup);
    if (typeof buttons === "string") return fail(res, 400, `Bad Request: ${buttons}`);
    if (buttons) message.reply_markup = jsonParam(p.reply_markup);
    if (method === "sendmessage") {
      text = str(p.text);
      if (!text.trim()) return fail(res, 400, "Bad Request: message text is empty");
      if (text.length > 4096) return fail(res, 400, "Bad Request: message is too long");
      message.text = text;
    } else {
      const field = method === "sendphoto" ? "photo" : "document";
      const v = p[field];
      if (!(v instanceof File) && !str(v)) return fail(res, 400, `Bad Request: there is no ${field} in the request`);
      text = str(p.caption);
      if (text.length > 1024) return fail(res, 400, "Bad Request: message caption is too long");
      if (text) message.caption = text;
      const bytes = v instanceof File ? Buffer.from(await v.arrayBuffer()) : Buffer.alloc(0);
      const type = v instanceof File ? v.type || "application/octet-stream" : "application/octet-stream";
      const fileName = v instanceof File ? v.name : str(v);
      attachment = { fileName, contentType: type };
      const id = addFile(bot.botId, bytes, type, field === "photo" ? "photos" : "documents", "bin");
      message[field] =
        field === "photo"
          ? [{ file_id: id, file_unique_id: files.get(id)!.uniqueId, width: 800, height: 600, file_size: bytes.length }]
          : { file_id: id, file_unique_id: files.get(id)!.uniqueId, file_name: fileName, mime_type: type };
    }
    const id = nextMessageId(bot.botId, chat);
    message.message_id = id;
    state.add(bot.botId, chat, {
      id: String(id),
      from: "business",
      text: text || `[${attachment?.fileName ?? "file"}]`,
      status: opts.autoDeliver === false ? "sent" : "delivered",
      ...(attachment ? { attachments: [attachment] } : {}),
      ...(buttons ? { buttons } : {}),
    });
    ok(res, message);
  }

  /**
   * The customer taps an inline keyboard button: a callback_query Update (only when the webhook's
   * allowed_updates lets callback queries through, like Telegram), answered by answerCallbackQuery.
   */
  async function tapButton(account: FakeAccount, chatId: string, data: string): Promise<number> {
    const botId = botIdOf(account.secrets.botToken ?? "");
    const allowed = hooks.get(botId)?.allowedUpdates;
    if (allowed && !allowed.includes("callback_query")) return 0;
    const under = [...state.thread(botId, chatId)]
      .reverse()
      .find((m) => m.from === "business" && m.buttons?.some((b) => b.id === data));
    if (!under) throw new Error(`No message to ${chatId} has a button with callback_data ${data}`);
    const id = `${crypto.randomInt(1e9, 9e9)}${crypto.randomInt(1e6, 9e6)}`;
    openQueries.set(id, { botId, chat: chatId, messageId: under.id });
    const user = { id: chatIdValue(chatId), first_name: chatId };
    const r = await deliver(account, {
      callback_query: {
        id,
        from: { ...user, is_bot: false },
        message: {
          message_id: Number(under.id),
          from: { id: Number(botId), is_bot: true, first_name: "Sandbox bot" },
          chat: { ...user, type: "private" },
          date: now(),
          text: under.text,
        },
        chat_instance: `${crypto.randomInt(1e9, 9e9)}${crypto.randomInt(1e6, 9e6)}`,
        data,
      },
    });
    return r.status;
  }

  async function handleMethod(req: Request, res: Response, token: string, name: string) {
    const params = await readParams(req);
    const bot = await resolve(token);
    const method = name.toLowerCase();
    const safe = params === "bad_json" ? null : { ...params };
    for (const [k, v] of Object.entries(safe ?? {}))
      if (v instanceof File) safe![k] = { fileName: v.name, contentType: v.type, size: v.size };
    state.record(req.method, `/bot${bot?.botId ?? "?"}/${name}`, safe);
    if (!bot) return unauthorized(res);
    if (params === "bad_json") return fail(res, 400, "Bad Request: can't parse JSON object");
    if (SEND_METHODS.has(method)) {
      const failure = state.takeFailure();
      if (failure)
        return void res
          .status(failure.status)
          .set(failure.headers ?? {})
          .json(failure.body);
      return sendOut(bot, method, params, res);
    }
    switch (method) {
      case "getme":
        return ok(res, { ...botUser(bot), can_join_groups: true, supports_inline_queries: false });
      case "setwebhook": {
        const url = str(params.url);
        const secret = params.secret_token === undefined ? null : str(params.secret_token);
        if (url && !/^https?:\/\/[^\s/]+/.test(url))
          return fail(res, 400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
        if (secret !== null && !/^[A-Za-z0-9_-]{1,256}$/.test(secret))
          return fail(res, 400, "Bad Request: secret token contains unallowed characters");
        const allowed = jsonParam<string[]>(params.allowed_updates);
        hooks.set(bot.botId, { url, secret, allowedUpdates: Array.isArray(allowed) ? allowed : null });
        return ok(res, true, url ? "Webhook was set" : "Webhook was deleted");
      }
      case "deletewebhook":
        hooks.set(bot.botId, { url: "", secret: null, allowedUpdates: null });
        return ok(res, true, "Webhook was deleted");
      case "getwebhookinfo": {
        const h = hooks.get(bot.botId);
        return ok(res, {
          url: h?.url ?? "",
          has_custom_certificate: false,
          pending_update_count: 0,
          ...(h?.allowedUpdates ? { allowed_updates: h.allowedUpdates } : {}),
        });
      }
      case "answercallbackquery": {
        const q = openQueries.get(str(params.callback_query_id));
        if (!q || q.botId !== bot.botId)
          return fail(res, 400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
        openQueries.delete(str(params.callback_query_id));
        const m = state.thread(q.botId, q.chat).find((x) => x.id === q.messageId && x.from === "business");
        if (m) m.tapAnswer = str(params.text);
        return ok(res, true);
      }
      case "getfile": {
        const f = files.get(str(params.file_id));
        if (!f || f.botId !== bot.botId) return fail(res, 400, "Bad Request: invalid file_id");
        return ok(res, {
          file_id: str(params.file_id),
          file_unique_id: f.uniqueId,
          file_size: f.bytes.length,
          file_path: f.path,
        });
      }
      default:
        return notFound(res);
    }
  }

  router.use(express.raw({ type: () => true, limit: "60mb" }), (req, res, next) => {
    (async () => {
      const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(req.path);
      if (download && (req.method === "GET" || req.method === "HEAD")) {
        const bot = await resolve(decodeURIComponent(download[1]!));
        if (!bot) return unauthorized(res);
        const wanted = decodeURIComponent(download[2]!);
        const f = [...files.values()].find((x) => x.path === wanted && x.botId === bot.botId);
        state.record("GET", `/file/bot${bot.botId}/${wanted}`, null);
        if (!f) return notFound(res);
        return void res.type("application/octet-stream").send(f.bytes);
      }
      const call = /^\/bot([^/]+)\/([A-Za-z]+)\/?$/.exec(req.path);
      if (!call) return notFound(res);
      await handleMethod(req, res, decodeURIComponent(call[1]!), call[2]!);
    })().catch(next);
  });

  const fake = {
    router,
    get calls() {
      return state.calls;
    },
    async customerSays(a: FakeAccount, customer: Customer, text: string) {
      const r = await customerMessage(a, customer, { text });
      return { externalId: r.externalId, status: r.status };
    },
    // Telegram tells bots nothing about what users have read.
    markRead: async () => {},
    thread: (a: FakeAccount, customerId: string) => state.thread(botIdOf(a.secrets.botToken ?? ""), customerId),
    failNext(n: number, failure: { status: number; body: unknown; headers?: Record<string, string>; skip?: number }) {
      for (let i = 0; i < n; i++) state.failures.push({ ...failure, skip: i === 0 ? failure.skip : 0 });
    },
    customerMessage,
    editMessage,
    tapButton,
    /** Any Update object (group chats, unknown update types…); update_id is added. */
    sendUpdate: deliver,
    /** A file the customer "uploads": returns its file_id, downloadable through getFile. */
    addFile: (a: FakeAccount, bytes: Buffer, type = "application/octet-stream", ext = "bin") =>
      addFile(botIdOf(a.secrets.botToken ?? ""), bytes, type, type.startsWith("image/") ? "photos" : "documents", ext),
    /** The customer blocks (or unblocks) the bot: sends answer 403. */
    block(a: FakeAccount, chatId: string, on = true) {
      const key = `${botIdOf(a.secrets.botToken ?? "")}:${chatId}`;
      if (on) blocked.add(key);
      else blocked.delete(key);
    },
    webhookOf: (a: FakeAccount) => hooks.get(botIdOf(a.secrets.botToken ?? "")) ?? null,
  };
  return fake satisfies ProviderFake;
}

export type TelegramFake = ReturnType<typeof createTelegramFake>;
