import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConversation, getConversations } from "../src/features/inbox";
import { type SlaLinks, sweepDueAlerts } from "../src/features/sla";
import { getTicket, getTickets, ticketsOfConversation } from "../src/features/tickets";
import {
  bootServer,
  type Client,
  createWebchat,
  drivers,
  loginAs,
  socket,
  type TestServer,
  visitor,
  waitFor,
} from "./helpers";

// The real wiring: bus events from the inbox feed the facts; the live tiles read the inbox and agents
// through their public queries; reports.changed reaches the agents' sockets.
describe.each(drivers)("reports live (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let channelId: string;

  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    channelId = (await createWebchat(admin)).channel.id;
  });
  afterAll(() => s.stop());

  const fact = async (id: string) =>
    ((await admin.get("/api/reports/conversations?limit=1000")).body.items as any[]).find(
      (f) => f.conversationId === id,
    );

  it("a customer message, an agent reply and a resolution land in the fact row; tiles follow; sockets hear reports.changed", async () => {
    const ws = await socket(s.url, { cookie: admin.cookie });
    const before = (await admin.get("/api/reports/live")).body;
    expect(before).toMatchObject({
      open: 0,
      waiting: 0,
      unassigned: 0,
      aiHandling: 0,
      slaAtRisk: 0,
      slaBreachedToday: 0,
    });

    const v = await visitor(s.url, channelId, { name: "Dana" });
    const id = (await v.post("/api/widget/messages", { content: "Where is my parcel?" })).body.conversationId as string;
    await waitFor(async () => (await fact(id))?.messagesIn === 1);
    await ws.next((e) => e.type === "reports.changed");
    const live = (await admin.get("/api/reports/live")).body;
    expect(live).toMatchObject({ open: 1, waiting: 1, unassigned: 1, agentsOnline: expect.any(Number) });
    expect(live.longestWaitSeconds).toBeGreaterThanOrEqual(0);

    const note = await admin.post(`/api/conversations/${id}/messages`, { content: "checking", private: true });
    expect(note.status).toBe(201);
    const reply = await admin.post(`/api/conversations/${id}/messages`, { content: "On its way!" });
    expect(reply.status).toBe(201);
    await waitFor(async () => (await fact(id))?.firstResponseAt !== null);
    const f = await fact(id);
    expect(f).toMatchObject({
      channelId,
      channelName: "Site",
      messagesIn: 1,
      messagesOut: 1,
      handledBy: "human",
      aiInvolved: false,
    });
    expect(f.firstResponseAt).toBe(reply.body.createdAt);
    expect((await admin.get("/api/reports/live")).body.waiting).toBe(0);

    expect((await admin.patch(`/api/conversations/${id}`, { status: "resolved" })).status).toBe(200);
    await waitFor(async () => (await fact(id))?.resolvedBy === "human");
    expect((await admin.get("/api/reports/live")).body.open).toBe(0);
    expect((await admin.patch(`/api/conversations/${id}`, { status: "open" })).status).toBe(200);
    await waitFor(async () => (await fact(id))?.reopenCount === 1);
    expect((await fact(id)).resolvedAt).toBeNull();
    ws.close();
  });

  it("a chat's SLA breach and outcome and its CSAT answer are reporting events; the SLA tiles count the breach", async () => {
    const links: SlaLinks = {
      getTicket,
      getTickets,
      ticketsOfConversation,
      getConversation,
      getConversations,
      contactFields: async () => null,
      subjectsOfContact: async () => ({ conversations: [], tickets: [] }),
      toConversationAudience: () => {},
    };
    const events = async (id: string) =>
      (
        await s.ctx.database.executeSql(
          "select type, detail from reporting_events where conversation_id = $1 and type in ('sla_breached', 'sla_hit', 'sla_missed', 'csat_answered') order by occurred_at, type",
          [id],
        )
      ).rows as { type: string; detail: Record<string, unknown> }[];
    expect((await admin.req("PUT", "/api/csat/settings", { channels: { webchat: true } })).status).toBe(200);
    const v = await visitor(s.url, channelId, { name: "Lee" });
    const id = (await v.post("/api/widget/messages", { content: "My test results?" })).body.conversationId as string;
    // The Default policy starts the chat's first-reply clock; its breach fires as the sweeper would, at the stored deadline.
    let clock: { id: string; deadline_at: string | Date } | undefined;
    await waitFor(async () => {
      clock = (
        await s.ctx.database.executeSql(
          "select id, deadline_at from sla_clocks where subject_id = $1 and metric = 'firstReply' and status = 'active'",
          [id],
        )
      ).rows[0] as typeof clock;
      return !!clock;
    });
    const deadline = new Date(clock!.deadline_at);
    const fired = await sweepDueAlerts(s.ctx, links, deadline);
    expect(fired.some((f) => f.clock.id === clock!.id && f.kind === "breach")).toBe(true);
    await waitFor(async () => (await events(id)).some((e) => e.type === "sla_breached"));
    const tiles = (await admin.get("/api/reports/live")).body;
    expect(tiles.slaBreachedToday).toBe(1);

    // The reply ends the target: hit, as it came by the stored deadline (this test fired the breach by
    // hand at that future instant); then the customer's rating is recorded.
    expect((await admin.post(`/api/conversations/${id}/messages`, { content: "Here they are." })).status).toBe(201);
    await waitFor(async () => (await events(id)).some((e) => e.type === "sla_hit"));
    expect((await admin.patch(`/api/conversations/${id}`, { status: "resolved" })).status).toBe(200);
    let surveyId = "";
    await waitFor(async () => {
      const items = (await v.get(`/api/widget/conversations/${id}/messages`)).body.items as any[];
      surveyId = items.find((m) => m.survey)?.survey.id ?? "";
      return !!surveyId;
    }, 15_000);
    expect((await v.post(`/api/widget/csat/${surveyId}`, { rating: 4 })).status).toBe(200);
    await waitFor(async () => (await events(id)).some((e) => e.type === "csat_answered"));
    const all = await events(id);
    expect(all.map((e) => e.type)).toEqual(["sla_breached", "sla_hit", "csat_answered"]);
    expect(all[0]!.detail).toMatchObject({ metric: "firstReply" });
    expect(all[2]!.detail).toMatchObject({ rating: 4, surveyId });
  });

  it("agents may read reports; anonymous callers may not", async () => {
    await admin.post("/api/agents", { name: "Ana", email: "ana@example.com", password: "long-enough-secret" });
    const ana = await loginAs(s.url, "ana@example.com", "long-enough-secret");
    expect((await ana.get("/api/reports/volume")).status).toBe(200);
    const anon = await fetch(`${s.url}/api/reports/live`);
    expect(anon.status).toBe(401);
  });
});
