import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { snoozeWakeJob } from "../src/features/inbox";
import { requestHuman } from "../src/features/routing";
import { drainerFor } from "../src/features/routing/drain";
import {
  bootServer,
  Client,
  createWebchat,
  drivers,
  loginAs,
  socket,
  type TestServer,
  visitor,
  waitFor,
} from "./helpers";

/** Issue 8 §4: routing to humans (least loaded, capacity, teams, the queue, take / hand back / transfer). */
describe.each(drivers)("routing to humans (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let siteId: string;
  let n = 0;
  const sql = async <T = any>(text: string, values: unknown[] = []) =>
    (await s.ctx.database.executeSql(text, values)).rows as T[];

  async function agent(name: string, capacity = 10) {
    const email = `${name.toLowerCase()}-${n++}@example.com`;
    const r = await admin.post("/api/agents", { name, email, capacity, password: "agent-password-123" });
    expect(r.status, r.text).toBe(201);
    const c = await loginAs(s.url, email, "agent-password-123");
    return { id: r.body.agent.id as string, name, c };
  }
  const setAvailability = async (a: { c: Client }, availability: string) =>
    expect((await a.c.patch("/api/me", { availability })).status).toBe(200);
  /** Routing has finished what the last change started (claiming, draining). */
  const settled = () => drainerFor(s.ctx).settled();
  const conv = async (id: string) => (await admin.get(`/api/conversations/${id}`)).body;
  /** A customer writes on the website: a new conversation no AI claims, so it needs a person. */
  async function customerWrites(channelId = siteId, text = "Hello, I need help") {
    const v = await visitor(s.url, channelId);
    const r = await v.post("/api/widget/messages", { content: text });
    expect(r.status, r.text).toBe(201);
    const id = r.body.conversationId as string;
    // The AI feature decides first (it reads its settings) and then hands the conversation to routing:
    // wait for the claim, then for the drain it started.
    await waitFor(async () => {
      const c = await conv(id);
      return c.handler === "human" && (c.assignee !== null || c.queuedAt !== null);
    });
    await settled();
    const c = await conv(id);
    expect(c.handler).toBe("human");
    expect(c.assignee !== null || c.queuedAt !== null).toBe(true);
    return id;
  }
  const thread = async (id: string) =>
    ((await admin.get(`/api/conversations/${id}/messages?limit=100`)).body.items as any[])
      .filter((m) => m.kind === "event")
      .map((m) => m.content as string);

  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    siteId = (await createWebchat(admin)).channel.id;
  });
  afterAll(() => s.stop());
  // Each test starts with nobody online and nothing open (rows changed directly: no events, no routing).
  afterEach(async () => {
    await sql("update users set availability = 'offline'");
    await sql("update conversations set status = 'resolved'");
  });

  it("a new conversation waits when nobody is online, and is assigned the instant an agent comes online", async () => {
    const away = await agent("Away");
    const offline = await agent("Offline");
    await setAvailability(away, "away");
    const id = await customerWrites();
    const waiting = await conv(id);
    expect(waiting.assignee).toBeNull();
    expect(waiting.queuedAt).not.toBeNull();
    expect(offline.id).toBeTruthy();
    const queue = (await admin.get("/api/routing/queue")).body;
    expect(queue.items.map((e: any) => e.conversation.id)).toContain(id);
    expect(queue.eligibleAgents).toBe(0);

    const ws = await socket(s.url, { cookie: admin.cookie });
    await setAvailability(away, "online");
    const e = await ws.next(
      (e) => e.type === "conversation.updated" && e.conversation.id === id && e.conversation.assignee,
    );
    expect(e.conversation.assignee.id).toBe(away.id);
    expect(e.conversation.queuedAt).toBeNull();
    expect(await thread(id)).toContain("Routing assigned this to Away");
    ws.close();
  });

  it("resolved while waiting: it leaves the queue, and waits afresh when the customer writes again", async () => {
    const v = await visitor(s.url, siteId);
    const id = (await v.post("/api/widget/messages", { content: "Anyone there?" })).body.conversationId as string;
    // Routed by listeners after commit (the AI feature decides first): wait for the queue entry.
    await waitFor(async () => (await conv(id)).queuedAt !== null);
    await settled();
    await sql("update conversations set queued_at = now() - interval '1 hour' where id = $1", [id]);
    expect((await admin.patch(`/api/conversations/${id}`, { status: "resolved" })).status).toBe(200);
    await waitFor(async () => (await conv(id)).queuedAt === null);
    expect((await admin.get("/api/routing/queue")).body.items.map((e: any) => e.conversation.id)).not.toContain(id);

    expect((await v.post("/api/widget/messages", { conversationId: id, content: "Hello again" })).status).toBe(201);
    // The reopen is routed by listeners after commit (the AI feature looks first): wait for the new
    // queue entry itself, not for a drain that may not have started yet.
    await waitFor(async () => {
      const c = await conv(id);
      return c.queuedAt !== null && Date.now() - Date.parse(c.queuedAt) < 60_000;
    });
    await settled();
    const back = await conv(id);
    expect(back.status).toBe("open");
    expect(Date.now() - Date.parse(back.queuedAt)).toBeLessThan(60_000);
    const entry = (await admin.get("/api/routing/queue")).body.items.find((e: any) => e.conversation.id === id);
    expect(entry.waitingSeconds).toBeLessThan(60);
  });

  it("least loaded first; ties go to whoever waited longest since their last assignment", async () => {
    const a = await agent("Ana");
    const b = await agent("Bo");
    const c = await agent("Cy");
    // Loads: Ana 2, Bo 1, Cy 1 (assigned by hand while offline); last assignments: Ana 3 h, Cy 2 h, Bo 1 h ago.
    const pre = [await customerWrites(), await customerWrites(), await customerWrites(), await customerWrites()];
    for (const [i, who] of [a, a, b, c].entries())
      expect((await admin.post(`/api/conversations/${pre[i]}/assign`, { assigneeId: who.id })).status).toBe(200);
    await sql("update users set last_assigned_at = now() - interval '3 hours' where id = $1", [a.id]);
    await sql("update users set last_assigned_at = now() - interval '1 hour' where id = $1", [b.id]);
    await sql("update users set last_assigned_at = now() - interval '2 hours' where id = $1", [c.id]);
    for (const who of [a, b, c]) await setAvailability(who, "online");

    const first = await customerWrites();
    expect((await conv(first)).assignee?.id).toBe(c.id); // Bo and Cy have 1; Cy waited longer
    const second = await customerWrites();
    expect((await conv(second)).assignee?.id).toBe(b.id); // Bo alone has 1
    const third = await customerWrites();
    expect((await conv(third)).assignee?.id).toBe(a.id); // all have 2; Ana waited longest
  });

  it("capacity is respected, and resolving frees a place for the next waiting conversation", async () => {
    const d = await agent("Dee", 1);
    await setAvailability(d, "online");
    const first = await customerWrites();
    expect((await conv(first)).assignee?.id).toBe(d.id);
    const second = await customerWrites();
    expect((await conv(second)).assignee).toBeNull();
    expect((await admin.get("/api/routing/queue")).body.eligibleAgents).toBe(0);

    expect((await d.c.patch(`/api/conversations/${first}`, { status: "resolved" })).status).toBe(200);
    await waitFor(async () => (await conv(second)).assignee?.id === d.id);
  });

  it("the queue is priority first, then longest waiting, and drains in that order", async () => {
    const ids: Record<string, string> = {};
    for (const p of ["normal", "low", "urgent", "high", "urgent"]) {
      const id = await customerWrites();
      expect((await admin.patch(`/api/conversations/${id}`, { priority: p })).status).toBe(200);
      ids[ids[p] ? `${p}2` : p] = id;
    }
    const queue = (await admin.get("/api/routing/queue")).body;
    const order = [ids.urgent, ids.urgent2, ids.high, ids.normal, ids.low] as string[];
    expect(queue.items.map((e: any) => e.conversation.id)).toEqual(order);
    expect(queue.items.map((e: any) => e.position)).toEqual([1, 2, 3, 4, 5]);
    expect(queue.total).toBe(5);

    const e = await agent("Eve", 1);
    await setAvailability(e, "online");
    await waitFor(async () => (await conv(ids.urgent!)).assignee?.id === e.id);
    for (const next of order.slice(1)) {
      const current = order[order.indexOf(next) - 1]!;
      expect((await conv(next)).assignee).toBeNull();
      expect((await e.c.patch(`/api/conversations/${current}`, { status: "resolved" })).status).toBe(200);
      await waitFor(async () => (await conv(next)).assignee?.id === e.id);
    }
  });

  it("teams: a channel's only team gets its conversations; others go to anyone", async () => {
    const member = await agent("Mia");
    const outsider = await agent("Oli");
    const billing = (await createWebchat(admin)).channel.id;
    const [team] = await sql<{ id: string }>("insert into teams (name) values ('Billing') returning id");
    await sql("insert into team_members (team_id, user_id) values ($1, $2)", [team!.id, member.id]);
    await sql("insert into team_channels (team_id, channel_id) values ($1, $2)", [team!.id, billing]);
    // Without teams Oli would win every tie (never assigned, vs Mia a minute ago).
    await sql("update users set last_assigned_at = now() - interval '1 minute' where id = $1", [member.id]);
    await setAvailability(member, "online");
    await setAvailability(outsider, "online");

    const teamConv = await customerWrites(billing);
    expect((await conv(teamConv)).assignee?.id).toBe(member.id);
    expect((await conv(teamConv)).team?.name).toBe("Billing");
    const general = await customerWrites();
    expect((await conv(general)).assignee?.id).toBe(outsider.id);

    // The member goes away: the team's next conversation waits rather than going to an outsider.
    await setAvailability(member, "away");
    const waits = await customerWrites(billing);
    expect((await conv(waits)).assignee).toBeNull();
    await setAvailability(member, "online");
    await waitFor(async () => (await conv(waits)).assignee?.id === member.id);
  });

  it("requestHuman (the AI's handoff): queued with nobody online, told so; assigned at once when someone is", async () => {
    const id = await customerWrites();
    await sql("update conversations set handler = 'ai', queued_at = null where id = $1", [id]);
    const r = await requestHuman(s.ctx, { conversationId: id, reason: "asked for a person", priority: "high" });
    expect(r).toEqual({ assignee: null, queued: true, expectedWaitMinutes: null, anyoneOnline: false });
    const c = await conv(id);
    expect([c.handler, c.priority, c.assignee]).toEqual(["human", "high", null]);

    const f = await agent("Fay");
    await setAvailability(f, "online");
    await waitFor(async () => (await conv(id)).assignee?.id === f.id);

    const other = await customerWrites();
    expect((await conv(other)).assignee?.id).toBe(f.id);
    await admin.post(`/api/conversations/${other}/hand-back`);
    const again = await requestHuman(s.ctx, { conversationId: other, reason: "frustrated" });
    expect(again.assignee?.id).toBe(f.id);
    expect(again.queued).toBe(false);
    expect(again.anyoneOnline).toBe(true);
  });

  it("take, hand back and transfer (to an agent, to a team's queue), each with its line in the thread", async () => {
    const k = await agent("Kim");
    const l = await agent("Lee");
    const g = await agent("Gus");
    const [team] = await sql<{ id: string }>("insert into teams (name) values ('Returns') returning id");
    await sql("insert into team_members (team_id, user_id) values ($1, $2)", [team!.id, g.id]);
    const id = await customerWrites();
    expect((await conv(id)).queuedAt).not.toBeNull();

    const taken = await k.c.post(`/api/conversations/${id}/take`);
    expect(taken.status, taken.text).toBe(200);
    expect([taken.body.assignee.id, taken.body.handler, taken.body.queuedAt]).toEqual([k.id, "human", null]);

    const back = await k.c.post(`/api/conversations/${id}/hand-back`);
    expect([back.body.assignee, back.body.handler, back.body.queuedAt]).toEqual([null, "ai", null]);

    // To an agent who is offline: a deliberate transfer is assigned whatever the availability.
    const toLee = await k.c.post(`/api/conversations/${id}/transfer`, { assigneeId: l.id, note: "VIP" });
    expect(toLee.status, toLee.text).toBe(200);
    expect([toLee.body.assignee.id, toLee.body.handler]).toEqual([l.id, "human"]);

    await setAvailability(g, "online");
    const toTeam = await l.c.post(`/api/conversations/${id}/transfer`, { teamId: team!.id });
    expect(toTeam.status, toTeam.text).toBe(200);
    expect(toTeam.body.team.name).toBe("Returns");
    expect(toTeam.body.assignee?.id).toBe(g.id);

    expect(await thread(id)).toEqual([
      "Taken by Kim",
      "Handed back to the AI agent by Kim",
      "Transferred to Lee by Kim: VIP",
      "Transferred to Returns by Lee",
      "Routing assigned this to Gus",
    ]);
    expect((await k.c.post(`/api/conversations/${id}/transfer`, { assigneeId: crypto.randomUUID() })).status).toBe(400);
    expect((await k.c.post(`/api/conversations/${id}/transfer`, { teamId: crypto.randomUUID() })).status).toBe(400);
    expect((await k.c.post(`/api/conversations/${crypto.randomUUID()}/take`)).status).toBe(404);
    expect((await new Client(s.url).post(`/api/conversations/${id}/take`)).status).toBe(401);
  });

  it("snoozed: out of the Waiting queue and never assigned from it; when the snooze ends it is back in its place", async () => {
    const ana = await agent("Ana", 1);
    const [a, b, c] = [await customerWrites(), await customerWrites(), await customerWrites()];
    await sql("update conversations set queued_at = now() - interval '3 hours' where id = $1", [a]);
    await sql("update conversations set queued_at = now() - interval '2 hours' where id = $1", [b]);
    await sql("update conversations set queued_at = now() - interval '1 hour', priority = 'high' where id = $1", [c]);
    const until = new Date(Date.now() + 3600_000).toISOString();
    for (const id of [a, c])
      expect((await admin.patch(`/api/conversations/${id}`, { snoozedUntil: until })).status).toBe(200);
    const queued = async () => (await admin.get("/api/routing/queue")).body.items.map((e: any) => e.conversation.id);
    expect((await queued()).filter((id: string) => [a, b, c].includes(id))).toEqual([b]);

    // The older and the high-priority conversations are snoozed: the one place goes to the one waiting.
    await setAvailability(ana, "online");
    await waitFor(async () => (await conv(b)).assignee?.id === ana.id);
    await settled();
    expect((await conv(a)).assignee).toBeNull();
    expect((await conv(c)).assignee).toBeNull();
    const d = await customerWrites();
    await sql("update conversations set queued_at = now() - interval '10 minutes' where id = $1", [d]);

    // The snoozes end (the wake-up job, as pg-boss runs it when the time comes).
    await sql("update conversations set snoozed_until = now() - interval '1 second' where id = any($1)", [[a, c]]);
    const job = snoozeWakeJob(s.ctx);
    const wake = (id: string) =>
      job.handler(
        { conversationId: id, until: new Date().toISOString() },
        { signal: new AbortController().signal, lastAttempt: false },
      );
    for (const id of [a, c]) await wake(id);
    await settled();
    expect((await queued()).filter((id: string) => [a, c, d].includes(id))).toEqual([c, a, d]);

    // A freed place goes to the high-priority one; then (snoozed again, then woken) the wake alone drains.
    expect((await admin.patch(`/api/conversations/${b}`, { status: "resolved" })).status).toBe(200);
    await waitFor(async () => (await conv(c)).assignee?.id === ana.id);
    expect((await admin.patch(`/api/conversations/${a}`, { snoozedUntil: until })).status).toBe(200);
    expect((await admin.patch(`/api/conversations/${c}`, { status: "resolved" })).status).toBe(200);
    await waitFor(async () => (await conv(d)).assignee?.id === ana.id);
    expect((await admin.patch(`/api/conversations/${d}`, { status: "resolved" })).status).toBe(200);
    await settled();
    expect((await conv(a)).assignee).toBeNull();
    await sql("update conversations set snoozed_until = now() - interval '1 second' where id = $1", [a]);
    await wake(a);
    await waitFor(async () => (await conv(a)).assignee?.id === ana.id);
    expect(await thread(a)).toContain("Routing assigned this to Ana");
  });
});
