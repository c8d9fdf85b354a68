// One Telegram bot channel on a server, pointed at the Telegram fake: the set-up every Telegram suite shares.
import { afterAll, beforeAll, expect } from "vitest";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { createTelegramFake } from "../src/features/channels/telegram/fake";
import { serveFake } from "./fakes";
import { bootServer, type Client, type Driver, loginAs, type TestServer } from "./helpers";

type Row = Record<string, any>;

/**
 * Registers beforeAll/afterAll for one Telegram channel (connected through the fake: getMe, then
 * setWebhook); the returned `t` is filled in by beforeAll (`t.s`, `t.admin`, `t.channelId`).
 */
export function useTelegramChannel(driver: Driver, account: FakeAccount) {
  const fake = createTelegramFake({ accounts: async () => [account], autoDeliver: true });
  let served: Awaited<ReturnType<typeof serveFake>> | undefined;
  const t = {
    fake,
    s: undefined as unknown as TestServer,
    admin: undefined as unknown as Client,
    channelId: "",
  };
  const sql = async (q: string, params: unknown[] = []) => (await t.s.ctx.database.executeSql(q, params)).rows as Row[];
  /** The conversation of a Telegram chat on this channel, once the inbox has it. */
  const conversationOf = async (chatId: string) =>
    (
      await sql(
        `select c.id from conversations c join contact_identities i on i.id = c.identity_id
         where i.channel_id = $1 and i.external_id = $2`,
        [t.channelId, chatId],
      )
    )[0]?.id as string | undefined;
  /** The fake's recorded calls of one Bot API method (case-insensitive, like Telegram). */
  const sendCalls = (method: string) => fake.calls.filter((c) => c.path.toLowerCase().endsWith(`/${method}`));

  beforeAll(async () => {
    served = await serveFake(fake.router);
    t.s = await bootServer(driver, { TELEGRAM_API_URL: served.url });
    t.admin = await loginAs(t.s.url);
    const r = await t.admin.post("/api/channels", {
      type: "telegram",
      name: "Support bot",
      secrets: { botToken: account.secrets.botToken },
    });
    expect(r.status, r.text).toBe(201);
    t.channelId = r.body.channel.id;
  });
  afterAll(async () => {
    await t.s?.stop();
    await served?.close();
  });
  return { t, fake, sql, conversationOf, sendCalls };
}
