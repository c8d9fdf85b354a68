import { randomUUID } from "node:crypto";
import type { Conversation, Message, Ticket } from "@switchboard/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  conversationHandoff,
  conversationMessage,
  type SlaLinks,
  sweepDueAlerts,
  syncTicketClocks,
  ticketMessage,
} from "../src/features/sla";
import { bootServer, type Client, createWebchat, drivers, loginAs, type TestServer, visitor } from "./helpers";

/**
 * Scenarios with a controlled clock (issue 10 §6): every `now` is given, so deadlines, banked time and
 * hit/miss are asserted exactly. Subjects are copies of real tickets and conversations under fresh ids,
 * so the server's own listeners (which run on the wall clock) never touch these clocks.
 */
describe.each(drivers)("SLA scenarios (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let conversationTemplate: Conversation;
  let ticketTemplate: Ticket;
  const fakes = new Map<string, Conversation>();
  const tickets = new Map<string, Ticket>();
  const links: SlaLinks = {
    getTicket: async (_db, id) => tickets.get(id) ?? null,
    ticketsOfConversation: async () => [],
    getConversation: async (_db, id) => fakes.get(id) ?? null,
    getTickets: async (_db, ids) => new Map(ids.flatMap((id) => (tickets.has(id) ? [[id, tickets.get(id)!]] : []))),
    getConversations: async (_db, ids) => new Map(ids.flatMap((id) => (fakes.has(id) ? [[id, fakes.get(id)!]] : []))),
    contactFields: async () => null,
    subjectsOfContact: async () => ({ conversations: [], tickets: [] }),
    toConversationAudience: () => {},
  };
  const at = (iso: string) => new Date(iso);
  const clocks = async (subjectId: string) =>
    (
      await s.ctx.database.executeSql(
        `select metric, status, started_at, deadline_at, warn_at, warned_at, breached_at, consumed_seconds, stopped_at, id
           from sla_clocks where subject_id = $1 order by started_at, metric`,
        [subjectId],
      )
    ).rows as Array<{
      id: string;
      metric: string;
      status: string;
      started_at: Date | string;
      deadline_at: Date | string | null;
      warn_at: Date | string | null;
      warned_at: Date | string | null;
      breached_at: Date | string | null;
      consumed_seconds: number;
    }>;
  const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
  const conv = (over: Partial<Conversation> = {}) => {
    const c = { ...conversationTemplate, id: randomUUID(), ...over };
    fakes.set(c.id, c);
    return c;
  };
  const ticket = (over: Partial<Ticket> = {}) => {
    const t = { ...ticketTemplate, id: randomUUID(), ...over };
    tickets.set(t.id, t);
    return t;
  };
  const message = (c: { id: string }, kind: "customer" | "human" | "ai" | "note" | "automated", when: string) =>
    ({
      id: randomUUID(),
      conversationId: c.id,
      direction: kind === "customer" ? "inbound" : "outbound",
      senderType: kind === "customer" ? "customer" : kind === "ai" ? "ai" : "agent",
      sender: { id: kind === "human" || kind === "note" ? randomUUID() : null, name: null, avatarUrl: null },
      private: kind === "note",
      kind: "text",
      metadata: {},
      content: kind,
      attachments: [],
      status: "sent",
      error: null,
      createdAt: when,
    }) as Message;
  const say = (c: Conversation, kind: Parameters<typeof message>[1], when: string) =>
    conversationMessage(s.ctx, links, c, message(c, kind, when), at(when));

  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    // Madrid: DST starts Sunday 2026-03-29; Monday 2026-03-30 is a holiday here.
    const schedule = await admin.post("/api/sla/schedules", {
      name: "Madrid",
      timeZone: "Europe/Madrid",
      periods: [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "17:00" })),
      holidays: [{ date: "2026-03-30", name: "Local holiday" }],
    });
    const policy = await admin.post("/api/sla/policies", {
      name: "Scenario",
      conditions: [{ field: "tag", in: ["scenario"] }],
      scheduleId: schedule.body.id,
      warningPercent: 50,
      targets: {
        normal: {
          firstReply: { minutes: 120, hours: "business" },
          nextReply: { minutes: 60, hours: "calendar" },
          resolution: { minutes: 240, hours: "calendar" },
        },
      },
    });
    expect(policy.status).toBe(201);
    const all = (await admin.get("/api/sla/policies")).body.items as Array<{ id: string }>;
    const order = [policy.body.id, ...all.map((p) => p.id).filter((id) => id !== policy.body.id)];
    expect((await admin.post("/api/sla/policies/reorder", { ids: order })).status).toBe(200);

    const channelId = (await createWebchat(admin)).channel.id;
    const v = await visitor(s.url, channelId, { name: "Eli" });
    const id = (await v.post("/api/widget/messages", { content: "hello" })).body.conversationId;
    const real = (await admin.get(`/api/conversations/${id}`)).body as Conversation;
    conversationTemplate = { ...real, labels: [{ id: randomUUID(), name: "Scenario", color: "blue" }] };
    ticketTemplate = (await admin.post("/api/tickets", { subject: "Scenario", tags: ["scenario"] })).body;
  });
  afterAll(() => s.stop());

  it("first reply excludes AI time: it starts at handoff; AI replies, notes and automated messages do not satisfy it", async () => {
    const c = conv({ handler: "ai" });
    await say(c, "customer", "2026-03-27T09:00:00.000Z");
    await say(c, "ai", "2026-03-27T09:01:00.000Z");
    expect(await clocks(c.id)).toEqual([]);

    const human = { ...c, handler: "human" as const };
    fakes.set(c.id, human);
    await conversationHandoff(s.ctx, links, human, at("2026-03-27T09:30:00.000Z"));
    let [first] = await clocks(c.id);
    expect(first).toMatchObject({ metric: "firstReply", status: "active", consumed_seconds: 0 });
    expect(iso(first!.started_at)).toBe("2026-03-27T09:30:00.000Z");
    // 10:30 Madrid (+01:00) plus 2 business hours; the warning at 50 %.
    expect(iso(first!.deadline_at)).toBe("2026-03-27T11:30:00.000Z");
    expect(iso(first!.warn_at)).toBe("2026-03-27T10:30:00.000Z");

    await say(human, "ai", "2026-03-27T09:35:00.000Z");
    await say(human, "note", "2026-03-27T09:40:00.000Z");
    await say(human, "automated", "2026-03-27T09:45:00.000Z");
    expect((await clocks(c.id))[0]?.status).toBe("active");

    await say(human, "human", "2026-03-27T09:50:00.000Z");
    [first] = await clocks(c.id);
    expect(first).toMatchObject({ metric: "firstReply", status: "hit", consumed_seconds: 1200 });
  });

  it("next reply starts at the oldest unanswered customer message, and misses when the reply is late", async () => {
    const c = conv({ handler: "human" });
    await say(c, "customer", "2026-04-01T08:00:00.000Z");
    await say(c, "human", "2026-04-01T08:10:00.000Z");
    await say(c, "customer", "2026-04-01T09:00:00.000Z");
    await say(c, "customer", "2026-04-01T09:20:00.000Z");
    let next = (await clocks(c.id)).filter((k) => k.metric === "nextReply");
    expect(next).toHaveLength(1);
    expect(iso(next[0]!.started_at)).toBe("2026-04-01T09:00:00.000Z");
    expect(iso(next[0]!.deadline_at)).toBe("2026-04-01T10:00:00.000Z");
    await say(c, "human", "2026-04-01T09:50:00.000Z");
    await say(c, "customer", "2026-04-01T10:30:00.000Z");
    await say(c, "human", "2026-04-01T11:45:00.000Z");
    next = (await clocks(c.id)).filter((k) => k.metric === "nextReply");
    expect(next.map((k) => [k.status, k.consumed_seconds])).toEqual([
      ["hit", 3000],
      ["missed", 4500],
    ]);
  });

  it("pushes a ticket's business-hour deadline across a weekend, a DST change and a holiday", async () => {
    const t = ticket({ status: "new" });
    await syncTicketClocks(s.ctx, links, t, at("2026-03-27T16:00:00+01:00"));
    const rows = await clocks(t.id);
    const by = Object.fromEntries(rows.map((r) => [r.metric, r]));
    // Friday 16:00–17:00 is one hour; the weekend and Monday's holiday do not count; Tuesday (now +02:00) 09:00–10:00.
    expect(iso(by.firstReply!.deadline_at)).toBe("2026-03-31T08:00:00.000Z");
    expect(iso(by.firstReply!.warn_at)).toBe("2026-03-27T16:00:00.000Z");
    expect(iso(by.resolution!.deadline_at)).toBe("2026-03-27T19:00:00.000Z");
    expect(rows).toHaveLength(2);
  });

  it("pending pauses every clock, resuming pushes the deadlines, solving records hit or miss, a reopen restarts resolution", async () => {
    let t = ticket({ status: "open" });
    await syncTicketClocks(s.ctx, links, t, at("2026-04-01T08:00:00.000Z"));
    t = { ...t, status: "pending" };
    await syncTicketClocks(s.ctx, links, t, at("2026-04-01T09:00:00.000Z"));
    let by = Object.fromEntries((await clocks(t.id)).map((r) => [r.metric, r]));
    expect(by.resolution).toMatchObject({ status: "paused", deadline_at: null, consumed_seconds: 3600 });
    expect(by.firstReply).toMatchObject({ status: "paused", deadline_at: null, consumed_seconds: 3600 });

    t = { ...t, status: "open" };
    await syncTicketClocks(s.ctx, links, t, at("2026-04-01T11:00:00.000Z"));
    by = Object.fromEntries((await clocks(t.id)).map((r) => [r.metric, r]));
    // Two hours pending: resolution's 12:00 becomes 14:00; first reply has an hour left from 13:00 Madrid.
    expect(iso(by.resolution!.deadline_at)).toBe("2026-04-01T14:00:00.000Z");
    expect(iso(by.firstReply!.deadline_at)).toBe("2026-04-01T12:00:00.000Z");

    // A human reply on its conversation fulfils first reply (late: 12:30 > 12:00).
    await ticketMessage(
      s.ctx,
      links,
      t,
      message(conv(), "human", "2026-04-01T12:30:00.000Z"),
      at("2026-04-01T12:30:00.000Z"),
    );
    t = { ...t, status: "solved" };
    await syncTicketClocks(s.ctx, links, t, at("2026-04-01T13:00:00.000Z"));
    by = Object.fromEntries((await clocks(t.id)).map((r) => [r.metric, r]));
    expect(by.firstReply).toMatchObject({ status: "missed" });
    expect(by.resolution).toMatchObject({ status: "hit", consumed_seconds: 3600 + 7200 });

    t = { ...t, status: "open" };
    await syncTicketClocks(s.ctx, links, t, at("2026-04-02T08:00:00.000Z"));
    const resolutions = (await clocks(t.id)).filter((r) => r.metric === "resolution");
    expect(resolutions.map((r) => r.status)).toEqual(["hit", "active"]);
    expect(iso(resolutions[1]!.started_at)).toBe("2026-04-02T08:00:00.000Z");
    expect(iso(resolutions[1]!.deadline_at)).toBe("2026-04-02T12:00:00.000Z");
    // First reply is owed once per ticket: not restarted.
    expect((await clocks(t.id)).filter((r) => r.metric === "firstReply")).toHaveLength(1);
  });

  it("fires the warning and the breach at exactly the stored instants, once; nothing fires at a moved deadline", async () => {
    let t = ticket({ status: "open" });
    await syncTicketClocks(s.ctx, links, t, at("2099-04-06T08:00:00.000Z"));
    const resolution = (await clocks(t.id)).find((r) => r.metric === "resolution")!;
    const warnAt = iso(resolution.warn_at)!;
    const deadline = iso(resolution.deadline_at)!;
    expect([warnAt, deadline]).toEqual(["2099-04-06T10:00:00.000Z", "2099-04-06T12:00:00.000Z"]);
    // Far in the future, so the server's own sweeper (wall clock) never reaches them: this drives the sweep.
    const alert = async (kind: "warning" | "breach", now: string) =>
      (await sweepDueAlerts(s.ctx, links, at(now))).some((f) => f.clock.id === resolution.id && f.kind === kind);

    expect(await alert("warning", "2099-04-06T09:59:59.999Z")).toBe(false);
    expect(await alert("warning", warnAt)).toBe(true);
    expect(await alert("warning", warnAt)).toBe(false);
    expect(iso((await clocks(t.id)).find((r) => r.metric === "resolution")!.warned_at)).toBe(warnAt);

    // Paused and resumed: the deadline moved, so nothing fires at the old one.
    t = { ...t, status: "pending" };
    await syncTicketClocks(s.ctx, links, t, at("2099-04-06T11:00:00.000Z"));
    t = { ...t, status: "open" };
    await syncTicketClocks(s.ctx, links, t, at("2099-04-06T11:30:00.000Z"));
    const moved = (await clocks(t.id)).find((r) => r.metric === "resolution")!;
    expect(iso(moved.deadline_at)).toBe("2099-04-06T12:30:00.000Z");
    expect(deadline).toBe("2099-04-06T12:00:00.000Z");
    expect(await alert("breach", "2099-04-06T12:29:59.999Z")).toBe(false);
    expect(await alert("breach", "2099-04-06T12:30:00.000Z")).toBe(true);
    const breached = (await clocks(t.id)).find((r) => r.metric === "resolution")!;
    expect(breached).toMatchObject({ status: "active" });
    expect(iso(breached.breached_at)).toBe("2099-04-06T12:30:00.000Z");

    t = { ...t, status: "solved" };
    await syncTicketClocks(s.ctx, links, t, at("2099-04-06T13:00:00.000Z"));
    expect((await clocks(t.id)).find((r) => r.metric === "resolution")).toMatchObject({ status: "missed" });
    // Stopped: a later sweep finds nothing to fire.
    expect(await alert("breach", "2099-04-06T13:00:00.000Z")).toBe(false);
  });
});
