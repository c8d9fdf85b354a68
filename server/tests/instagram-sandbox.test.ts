import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootServer, type Client, drivers, loginAs, type TestServer, waitFor } from "./helpers";

/** The Instagram sandbox: a channel backed by the built-in fake, through the real webhook and adapter. */
describe.each(drivers)("Instagram sandbox channel (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  const sql = async <T = any>(text: string, values: unknown[] = []) =>
    (await s.ctx.database.executeSql(text, values)).rows as T[];
  const count = async (text: string, values: unknown[] = []) =>
    (await sql<{ n: number }>(`select count(*)::int as n from ${text}`, values))[0]!.n;
  const conversationOf = async (customer: string) => {
    const [row] = await sql<{ id: string }>(
      "select c.id from conversations c join contact_identities i on i.id = c.identity_id where i.external_id = $1",
      [customer],
    );
    return row ? (await admin.get(`/api/conversations/${row.id}`)).body : null;
  };
  const statusOf = async (messageId: string) =>
    (await sql<{ status: string }>("select status from messages where id = $1", [messageId]))[0]!.status;
  const reply = async (conversationId: string, content: string) => {
    const r = await admin.post(`/api/conversations/${conversationId}/messages`, { content });
    expect(r.status, r.text).toBe(201);
    return r.body.id as string;
  };

  beforeAll(async () => {
    s = await bootServer(driver, { SANDBOX: "1" });
    admin = await loginAs(s.url);
  });
  afterAll(() => s.stop());

  it("works end to end in the sandbox, with the built-in fake", async () => {
    const r = await admin.post("/api/channels", { type: "instagram", name: "Sandbox IG", sandbox: true });
    expect(r.status, r.text).toBe(201);
    const sandboxId = r.body.channel.id as string;
    expect(r.body.channel.settings.accountId).toMatch(/^\d{17}$/);
    const said = await admin.post(`/api/sandbox/${sandboxId}/messages`, {
      customerId: "777001",
      text: "sandbox hello",
    });
    expect(said.status, said.text).toBe(201);
    expect(said.body.webhookStatus).toBe(200);
    await waitFor(async () => !!(await conversationOf("777001")));
    const conv = await conversationOf("777001");
    expect(conv.channelId).toBe(sandboxId);
    const id = await reply(conv.id, "sandbox answer");
    await waitFor(async () => (await statusOf(id)) === "sent");
    const thread = async () => (await admin.get(`/api/sandbox/${sandboxId}/thread?customerId=777001`)).body.items;
    expect((await thread()).map((m: any) => [m.from, m.text])).toEqual([
      ["customer", "sandbox hello"],
      ["business", "sandbox answer"],
    ]);
    expect((await admin.post(`/api/sandbox/${sandboxId}/read`, { customerId: "777001" })).status).toBe(204);
    await waitFor(async () => (await statusOf(id)) === "read");
    // Two messages (the thread's activity lines, such as the auto-assignment, are not messages).
    expect(await count("messages where conversation_id = $1 and sender_type <> 'system'", [conv.id])).toBe(2);
  });
});
