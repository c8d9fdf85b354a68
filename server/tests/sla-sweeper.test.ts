import { randomUUID } from "node:crypto";
import type { Ticket } from "@switchboard/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConversation, getConversations } from "../src/features/inbox";
import { type FiredAlert, type SlaLinks, sweepDueAlerts, syncTicketClocks } from "../src/features/sla";
import { getTicket, getTickets, ticketsOfConversation } from "../src/features/tickets";
import { bootServer, type Client, createWebchat, drivers, loginAs, type TestServer, visitor } from "./helpers";

/**
 * The SLA alert sweeper (features/sla/sweep-alerts.ts) with a controlled clock: every instant is in
 * 2099, so the server's own sweeper (wall clock) never reaches these clocks and each sweep here is
 * given its `now`. Each test uses its own year-2099 day, so one test's sweep cannot fire another's.
 */
describe.each(drivers)("SLA alert sweeper (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let adminId: string;
  let versionId: string;
  let channelId: string;
  let template: Ticket;
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
  const at = (iso: string) => new Date(iso);
  const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

  /** Open clocks written as start would store them, all due at one instant. */
  const insertClocks = async (subjects: string[], metric: string, warnAt: string, deadlineAt: string) =>
    (
      (
        await s.ctx.database.executeSql(
          `insert into sla_clocks (subject_type, subject_id, metric, policy_version_id, hours, target_seconds, started_at,
             running_since, deadline_at, warn_at, status)
           select 'conversation', x, $2, $3, 'calendar', 3600, $4::timestamptz - interval '1 hour',
             $4::timestamptz - interval '1 hour', $4, $5, 'active'
           from unnest($1::uuid[]) as x returning id`,
          [subjects, metric, versionId, deadlineAt, warnAt],
        )
      ).rows as { id: string }[]
    ).map((r) => r.id);
  const stamps = async (ids: string[]) =>
    (
      await s.ctx.database.executeSql(
        "select id, warned_at, breached_at from sla_clocks where id = any($1::uuid[]) order by id",
        [ids],
      )
    ).rows as { id: string; warned_at: Date | string | null; breached_at: Date | string | null }[];
  /** Sweeps at `now` until a sweep fires nothing; every fired alert of `ids`, in order. */
  const drain = async (ctx: TestServer["ctx"], now: string, ids: Set<string>, limit: number) => {
    const out: FiredAlert[] = [];
    for (;;) {
      const fired = await sweepDueAlerts(ctx, links, at(now), limit);
      out.push(...fired.filter((f) => ids.has(f.clock.id)));
      if (!fired.length) return out;
    }
  };
  const keys = (fired: FiredAlert[]) => fired.map((f) => `${f.kind}:${f.clock.id}`);

  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    adminId = (await admin.get("/api/me")).body.user.id;
    channelId = (await createWebchat(admin)).channel.id;
    template = (await admin.post("/api/tickets", { subject: "Sweeper", priority: "urgent" })).body as Ticket;
    // Reading the policies seeds the Default one; its version is what the inserted clocks point at.
    const policies = (await admin.get("/api/sla/policies")).body.items as Array<{ name: string; versionId?: string }>;
    expect(policies.length).toBeGreaterThan(0);
    versionId = (
      (await s.ctx.database.executeSql("select id from sla_policy_versions order by created_at limit 1")).rows[0] as {
        id: string;
      }
    ).id;
  });
  afterAll(() => s.stop());

  it("a batch of many clocks due at once: every warning and breach fires exactly once, in batches, notified in one go", async () => {
    // Two real conversations assigned to the admin (their alerts notify), the rest subjects that are gone.
    const real: string[] = [];
    for (const name of ["Ana", "Ben"]) {
      const v = await visitor(s.url, channelId, { name });
      const id = (await v.post("/api/widget/messages", { content: "Hello?" })).body.conversationId as string;
      expect((await admin.post(`/api/conversations/${id}/assign`, { assigneeId: adminId })).status).toBe(200);
      real.push(id);
    }
    const subjects = [...real, ...Array.from({ length: 598 }, () => randomUUID())];
    // Resolution: not a metric the chats' own (wall-clock) clocks use, so the one-open-clock index allows it.
    const ids = await insertClocks(subjects, "resolution", "2099-01-01T10:00:00.000Z", "2099-01-01T10:00:00.000Z");
    const mine = new Set(ids);
    expect(await drain(s.ctx, "2099-01-01T09:59:59.999Z", mine, 200)).toEqual([]);

    // Batches of 200: three sweeps per kind.
    const fired = await drain(s.ctx, "2099-01-01T10:00:00.000Z", mine, 200);
    expect(fired.filter((f) => f.kind === "warning")).toHaveLength(600);
    expect(fired.filter((f) => f.kind === "breach")).toHaveLength(600);
    expect(new Set(keys(fired)).size).toBe(1200);
    // A retried sweep, later: nothing again.
    expect(await drain(s.ctx, "2099-01-01T11:00:00.000Z", mine, 200)).toEqual([]);
    const rows = await stamps(ids);
    expect(rows.every((r) => iso(r.warned_at) === "2099-01-01T10:00:00.000Z")).toBe(true);
    expect(rows.every((r) => iso(r.breached_at) === "2099-01-01T10:00:00.000Z")).toBe(true);

    // The admin assignee gets a warning and a breach per real conversation; gone subjects notify no one.
    // (The sweep at 2099 also fired the chats' own first-reply clocks: only the resolution ones count here.)
    const notes = (
      await s.ctx.database.executeSql(
        "select conversation_id, type from notifications where user_id = $1 and type like 'sla_%' and excerpt like '%resolution%' and conversation_id = any($2::uuid[]) order by conversation_id, type",
        [adminId, real],
      )
    ).rows as { conversation_id: string; type: string }[];
    expect(notes.map((n) => `${n.conversation_id}:${n.type}`)).toEqual(
      [...real].sort().flatMap((id) => [`${id}:sla_breached`, `${id}:sla_warning`]),
    );
  });

  it("two sweepers at once (two app contexts on one database) fire each alert once", async () => {
    const ids = await insertClocks(
      Array.from({ length: 600 }, () => randomUUID()),
      "firstReply",
      "2099-02-01T10:00:00.000Z",
      "2099-02-01T10:00:01.000Z",
    );
    const mine = new Set(ids);
    // On the PostgreSQL server a second process on the same database; PGlite has one connection per
    // database, so there the second sweeper is a second context of this process sharing it.
    const second =
      driver === "postgres"
        ? await bootServer(driver, {}, { dataDir: s.dataDir, url: s.ctx.config.databaseUrl!, drop: async () => {} })
        : null;
    try {
      const other = second?.ctx ?? { ...s.ctx };
      // Small batches, so the two interleave many times.
      const [a, b] = await Promise.all([
        drain(s.ctx, "2099-02-01T10:00:05.000Z", mine, 40),
        drain(other, "2099-02-01T10:00:05.000Z", mine, 40),
      ]);
      const all = [...a, ...b];
      expect(all.filter((f) => f.kind === "warning")).toHaveLength(600);
      expect(all.filter((f) => f.kind === "breach")).toHaveLength(600);
      expect(new Set(keys(all)).size).toBe(1200);
      if (second) expect(a.length && b.length).toBeGreaterThan(0);
    } finally {
      await second?.close();
    }
  });

  it("a paused clock fires nothing; resumed, it fires at the new stored instants only", async () => {
    let t: Ticket = { ...template, id: randomUUID(), status: "open" };
    const ticketLinks: SlaLinks = { ...links, getTickets: async () => new Map([[t.id, t]]) };
    const clocks = async () =>
      (
        await s.ctx.database.executeSql(
          "select id, metric, status, warn_at, deadline_at, warned_at, breached_at from sla_clocks where subject_id = $1",
          [t.id],
        )
      ).rows as {
        id: string;
        metric: string;
        status: string;
        warn_at: Date | string | null;
        deadline_at: Date | string | null;
        warned_at: Date | string | null;
        breached_at: Date | string | null;
      }[];
    const sweep = async (now: string) =>
      (await sweepDueAlerts(s.ctx, ticketLinks, at(now))).filter((f) => f.clock.subjectId === t.id);
    // Monday 2099-03-02 09:00 UTC: the Default policy's urgent targets (1 h first reply, 4 h resolution, business hours).
    await syncTicketClocks(s.ctx, ticketLinks, t, at("2099-03-02T09:00:00.000Z"));
    expect((await clocks()).map((c) => c.status).sort()).toEqual(["active", "active"]);
    t = { ...t, status: "pending" };
    await syncTicketClocks(s.ctx, ticketLinks, t, at("2099-03-02T09:30:00.000Z"));
    expect((await clocks()).every((c) => c.status === "paused" && c.deadline_at === null)).toBe(true);
    // A week later, far past every instant the clocks had: paused, nothing is due.
    expect(await sweep("2099-03-09T09:00:00.000Z")).toEqual([]);
    expect((await clocks()).every((c) => c.warned_at === null && c.breached_at === null)).toBe(true);

    // Resumed Tuesday 09:00: first reply has 30 min left, so its warning (75 % = 45 min) is due at once.
    t = { ...t, status: "open" };
    await syncTicketClocks(s.ctx, ticketLinks, t, at("2099-03-10T09:00:00.000Z"));
    const first = (await clocks()).find((c) => c.metric === "firstReply")!;
    expect([iso(first.warn_at), iso(first.deadline_at)]).toEqual([
      "2099-03-10T09:15:00.000Z",
      "2099-03-10T09:30:00.000Z",
    ]);
    expect(await sweep("2099-03-10T09:14:59.999Z")).toEqual([]);
    expect((await sweep("2099-03-10T09:15:00.000Z")).map((f) => `${f.kind}:${f.clock.metric}`)).toEqual([
      "warning:firstReply",
    ]);
    expect((await sweep("2099-03-10T09:30:00.000Z")).map((f) => `${f.kind}:${f.clock.metric}`)).toEqual([
      "breach:firstReply",
    ]);
    expect(await sweep("2099-03-10T09:30:00.000Z")).toEqual([]);
  });
});
