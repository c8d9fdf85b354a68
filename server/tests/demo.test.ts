import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootServer, type Client, drivers, loginAs, type TestServer } from "./helpers";

// The demo workspace is written through the owners' use-cases (channels.connectChannel,
// inbox.importConversation, agents.createAgent): it must still look exactly as it did.
describe.each(drivers)("demo workspace (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  beforeAll(async () => {
    s = await bootServer(driver, { DEMO: "1" });
    admin = await loginAs(s.url);
  });
  afterAll(() => s?.stop());

  it("seeds one website channel, five labelled conversations with their history, and two demo agents", async () => {
    expect(s.bootstrap.demo).toBe(true);
    const channels = (await admin.get("/api/channels")).body.items as { name: string; type: string }[];
    expect(channels.map((c) => [c.type, c.name])).toEqual([["webchat", "Demo website"]]);

    const list = (await admin.get("/api/conversations?status=all")).body.items as {
      id: string;
      contact: { id: string; name: string };
      status: string;
      priority: string;
      assignee: { name: string } | null;
      lastMessagePreview: string;
      unreadCount: number;
    }[];
    const byName = new Map(list.map((c) => [c.contact.name, c]));
    expect([...byName.keys()].sort()).toEqual([
      "Ana Souza (demo)",
      "Dana Reyes (demo)",
      "Lina Haddad (demo)",
      "Sam Patel (demo)",
      "Tom Becker (demo)",
    ]);
    const tom = byName.get("Tom Becker (demo)")!;
    expect(tom).toMatchObject({
      status: "pending",
      priority: "urgent",
      assignee: { name: "Maya Chen (demo)" },
      lastMessagePreview: "It says expired but the email said valid until Friday",
      unreadCount: 0,
    });
    expect(byName.get("Dana Reyes (demo)")).toMatchObject({ status: "open", assignee: null, unreadCount: 2 });
    const thread = (await admin.get(`/api/conversations/${tom.id}/messages`)).body.items as { content: string }[];
    expect(thread.map((m) => m.content)).toEqual([
      "My discount code does not work",
      "It says expired but the email said valid until Friday",
    ]);
    const contact = (await admin.get(`/api/contacts/${tom.contact.id}`)).body;
    expect(contact.notes).toBe("Demo contact: safe to delete.");

    // Agent load comes from the inbox's conversations: Maya has one open assigned conversation (Sam's).
    const agents = (await admin.get("/api/agents")).body.items as { name: string; openConversations: number }[];
    expect(agents.find((a) => a.name === "Maya Chen (demo)")?.openConversations).toBe(1);
    expect(agents.find((a) => a.name === "Leo Okafor (demo)")?.openConversations).toBe(0);
  });

  it("the dashboard counts the demo conversations like lived ones, and forgets them with the demo", async () => {
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const range = `from=${day(new Date(Date.now() - 2 * 86_400_000))}&to=${day(new Date())}&timeZone=UTC`;
    const volume = async () =>
      ((await admin.get(`/api/reports/volume?${range}`)).body.rows as { channelName: string; conversations: number }[])
        .filter((r) => r.channelName === "Demo website")
        .reduce((n, r) => n + r.conversations, 0);
    expect(await volume()).toBe(5);
    const facts = (await admin.get(`/api/reports/conversations?${range}`)).body.items as { status?: string }[];
    expect(facts).toHaveLength(5);
    const events = await s.ctx.database.executeSql(
      "select count(*)::int as n from reporting_events where type = 'message_in'",
      [],
    );
    // Seven customer lines across the five conversations.
    expect((events.rows[0] as { n: number }).n).toBe(7);
    expect((await admin.del("/api/demo")).status).toBe(200);
    expect(await volume()).toBe(0);
    const left = await s.ctx.database.executeSql("select count(*)::int as n from conversation_facts", []);
    expect((left.rows[0] as { n: number }).n).toBe(0);
  });
});
