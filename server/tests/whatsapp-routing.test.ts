import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { type Client, drivers, type TestServer, waitFor } from "./helpers";
import { account, second, useWhatsAppChannel } from "./whatsapp-suite";

describe.each(drivers)("WhatsApp: one delivery, several numbers; reactions; profile names (%s)", (driver) => {
  const w = useWhatsAppChannel(driver);
  const { webhook, count, conversationOf } = w;
  let s: TestServer;
  let admin: Client;
  let channelId: string;
  beforeAll(() => {
    ({ s, admin, channelId } = w);
  });

  const delivery = (changes: { phone: string; value: Record<string, unknown> }[]) =>
    JSON.stringify({
      object: "whatsapp_business_account",
      entry: [
        {
          id: account.settings.wabaId,
          changes: changes.map((c) => ({
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550001111", phone_number_id: c.phone },
              ...c.value,
            },
          })),
        },
      ],
    });
  const textFrom = (waId: string, name: string, text: string) => ({
    contacts: [{ profile: { name }, wa_id: waId }],
    messages: [
      {
        from: waId,
        id: `wamid.${crypto.randomBytes(8).toString("hex")}`,
        timestamp: "1718000100",
        type: "text",
        text: { body: text },
      },
    ],
  });
  const rows = async <T>(q: string, values: unknown[] = []) => (await s.ctx.database.executeSql(q, values)).rows as T[];

  it("routes each change of one delivery to the channel of its own phone number", async () => {
    const r = await admin.post("/api/channels", {
      type: "whatsapp",
      name: "Second number",
      settings: second.settings,
      secrets: second.secrets,
    });
    expect(r.status, r.text).toBe(201);
    const secondId = r.body.channel.id as string;
    const body = delivery([
      { phone: account.accountId, value: textFrom("447700900801", "First", "to the first number") },
      { phone: second.accountId, value: textFrom("447700900802", "Second", "to the second number") },
    ]);
    expect((await webhook(body)).status).toBe(200);
    await waitFor(
      async () => (await count("select count(*)::int as n from messages where content like 'to the % number'")) === 2,
    );
    expect(
      await rows<{ content: string; channel_id: string }>(
        "select content, channel_id from messages where content like 'to the % number' order by content",
      ),
    ).toEqual([
      { content: "to the first number", channel_id: channelId },
      { content: "to the second number", channel_id: secondId },
    ]);
    // A redelivery of the same bytes is stored once per number, not again.
    expect((await webhook(body)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(await count("select count(*)::int as n from messages where content like 'to the % number'")).toBe(2);
  });

  it("shows a removed reaction as a removal and stores text with NUL characters cleaned", async () => {
    const waId = "447700900810";
    const reaction = (emoji?: string) => ({
      contacts: [{ profile: { name: "Reactor" }, wa_id: waId }],
      messages: [
        {
          from: waId,
          id: `wamid.${crypto.randomBytes(8).toString("hex")}`,
          timestamp: "1718000200",
          type: "reaction",
          reaction: { message_id: "wamid.earlier", ...(emoji === undefined ? {} : { emoji }) },
        },
      ],
    });
    for (const value of [reaction("❤️"), reaction(), textFrom(waId, "Reactor", "a\u0000b")])
      expect((await webhook(delivery([{ phone: account.accountId, value }]))).status).toBe(200);
    await waitFor(async () => !!(await conversationOf(waId)));
    const conv = await conversationOf(waId);
    await waitFor(async () => (await admin.get(`/api/conversations/${conv.id}/messages`)).body.items.length === 3);
    const items = (await admin.get(`/api/conversations/${conv.id}/messages`)).body.items;
    expect(items.map((m: { content: string }) => m.content)).toEqual([
      "Reacted ❤️ to a message",
      "Removed a reaction to a message",
      "ab",
    ]);
  });

  it("follows the customer's new profile name unless an agent edited the name", async () => {
    const waId = "447700900820";
    const says = async (name: string, text: string) => {
      expect((await webhook(delivery([{ phone: account.accountId, value: textFrom(waId, name, text) }]))).status).toBe(
        200,
      );
      await waitFor(
        async () => (await count(`select count(*)::int as n from messages where content = '${text}'`)) === 1,
      );
      return (await conversationOf(waId)).contact as { id: string; name: string };
    };
    expect((await says("Sam", "first")).name).toBe("Sam");
    // The customer renamed themselves on WhatsApp: the contact follows.
    const renamed = await says("Samantha Reyes", "second");
    expect(renamed.name).toBe("Samantha Reyes");
    // An agent sets the name by hand: from now on the profile name never replaces it.
    expect((await admin.patch(`/api/contacts/${renamed.id}`, { name: "Sam (VIP)" })).status).toBe(200);
    expect((await says("Sammy", "third")).name).toBe("Sam (VIP)");
    const [row] = await rows<{ name_edited_at: string | null }>("select name_edited_at from contacts where id = $1", [
      renamed.id,
    ]);
    expect(row!.name_edited_at).not.toBeNull();
  });
});
