// Agents write Markdown; what reaches each provider is that channel's own formatting, on the wire.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { createTelegramFake } from "../src/features/channels/telegram/fake";
import { serveFake } from "./fakes";
import { bootServer, type Client, drivers, loginAs, type TestServer, waitFor } from "./helpers";
import { useWhatsAppChannel } from "./whatsapp-suite";

const MARKDOWN = "**Order** _shipped_ ~~late~~: see [tracking](https://t.example/1) `#42` <b>&";

describe.each(drivers)("Markdown on WhatsApp (%s)", (driver) => {
  const w = useWhatsAppChannel(driver);

  it("sends WhatsApp's markers and links as text (url)", async () => {
    const conv = await w.customerWrites("15550001234", "Ola", "where is my order?");
    const sent = await w.admin.post(`/api/conversations/${conv.id}/messages`, { content: MARKDOWN });
    expect(sent.status).toBe(201);
    // The stored message keeps what the agent wrote (the console and the widget render it).
    expect(sent.body.content).toBe(MARKDOWN);
    const expected = "*Order* _shipped_ ~late~: see tracking (https://t.example/1) ```#42``` <b>&";
    await waitFor(() =>
      w.fake.calls.some((c) => (c.body as { text?: { body?: string } } | null)?.text?.body === expected),
    );
    const call = w.fake.calls.find((c) => (c.body as { text?: { body?: string } } | null)?.text?.body === expected);
    expect(call?.body).toMatchObject({ type: "text", to: "15550001234", text: { body: expected } });
  });
});

const BOT_ID = "7012345699";
const account: FakeAccount = {
  accountId: BOT_ID,
  secrets: { botToken: `${BOT_ID}:AAH-test_token-abcdefghijklmnopqrstuvw` },
  settings: { botUsername: "format_bot" },
  webhookUrl: "",
};

describe.each(drivers)("Markdown on Telegram (%s)", (driver) => {
  const fake = createTelegramFake({ accounts: async () => [account], autoDeliver: true });
  let served: Awaited<ReturnType<typeof serveFake>>;
  let s: TestServer;
  let admin: Client;
  let channelId = "";
  beforeAll(async () => {
    served = await serveFake(fake.router);
    s = await bootServer(driver, { TELEGRAM_API_URL: served.url });
    admin = await loginAs(s.url);
    const r = await admin.post("/api/channels", { type: "telegram", name: "Bot", secrets: account.secrets });
    expect(r.status, r.text).toBe(201);
    channelId = r.body.channel.id;
  });
  afterAll(async () => {
    await s?.stop();
    await served?.close();
  });

  it("sends plain text with entities: nothing escaped, nothing lost", async () => {
    await fake.customerSays(account, { id: "5500000077", name: "Tom" }, "hello");
    const conversationOf = async () =>
      (await admin.get(`/api/conversations?status=all&channelId=${channelId}`)).body.items[0]?.id as string | undefined;
    await waitFor(async () => !!(await conversationOf()), 10_000);
    const sent = await admin.post(`/api/conversations/${await conversationOf()}/messages`, { content: MARKDOWN });
    expect(sent.status).toBe(201);
    const isOurs = (c: { path: string; body: unknown }) =>
      c.path.toLowerCase().endsWith("/sendmessage") &&
      (c.body as { chat_id?: string } | null)?.chat_id === "5500000077";
    await waitFor(() => fake.calls.some(isOurs), 10_000);
    const body = fake.calls.find(isOurs)!.body as Record<string, unknown>;
    expect(body.text).toBe("Order shipped late: see tracking #42 <b>&");
    expect(body.parse_mode).toBeUndefined();
    expect(body.entities).toEqual([
      { type: "bold", offset: 0, length: 5 },
      { type: "italic", offset: 6, length: 7 },
      { type: "strikethrough", offset: 14, length: 4 },
      { type: "text_link", offset: 24, length: 8, url: "https://t.example/1" },
      { type: "code", offset: 33, length: 3 },
    ]);
  });
});
