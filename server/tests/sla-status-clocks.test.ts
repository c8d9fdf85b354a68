import { randomUUID } from "node:crypto";
import type { Ticket } from "@switchboard/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SlaLinks, sweepDueAlerts, syncTicketClocks } from "../src/features/sla";
import { bootServer, type Client, drivers, loginAs, type TestServer } from "./helpers";

/**
 * Zendesk's status clocks with a controlled clock (issue 10 §2, §6): requester wait runs in new, open
 * and on hold; agent work time in new and open; both pause while pending. Every `now` is given, so the
 * banked seconds and the deadlines stored at each start/resume are asserted exactly. Tickets are copies
 * under fresh ids, so the server's own listeners (wall clock) never touch these clocks.
 */
describe.each(drivers)("SLA status clocks (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let template: Ticket;
  const tickets = new Map<string, Ticket>();
  const links: SlaLinks = {
    getTicket: async (_db, id) => tickets.get(id) ?? null,
    ticketsOfConversation: async () => [],
    getConversation: async () => null,
    getTickets: async (_db, ids) => new Map(ids.flatMap((id) => (tickets.has(id) ? [[id, tickets.get(id)!]] : []))),
    getConversations: async () => new Map(),
    contactFields: async () => null,
    subjectsOfContact: async () => ({ conversations: [], tickets: [] }),
    toConversationAudience: () => {},
  };
  const at = (iso: string) => new Date(iso);
  const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
  type Row = {
    id: string;
    metric: string;
    status: string;
    deadline_at: Date | string | null;
    warn_at: Date | string | null;
    breached_at: Date | string | null;
    consumed_seconds: number;
  };
  const byMetric = async (id: string) => {
    const rows = (
      await s.ctx.database.executeSql(
        `select id, metric, status, deadline_at, warn_at, breached_at, consumed_seconds
           from sla_clocks where subject_id = $1 and metric in ('requesterWait', 'agentWork') order by started_at`,
        [id],
      )
    ).rows as Row[];
    return Object.fromEntries(rows.map((r) => [r.metric, r])) as Record<"requesterWait" | "agentWork", Row>;
  };
  let t: Ticket;
  const go = async (status: Ticket["status"], when: string) => {
    t = { ...t, status };
    tickets.set(t.id, t);
    await syncTicketClocks(s.ctx, links, t, at(when));
    return byMetric(t.id);
  };
  const fresh = () => {
    t = { ...template, id: randomUUID(), status: "new" };
    tickets.set(t.id, t);
  };

  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    const schedule = await admin.post("/api/sla/schedules", {
      name: "UTC office",
      timeZone: "UTC",
      periods: [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "17:00" })),
    });
    const policy = await admin.post("/api/sla/policies", {
      name: "Status clocks",
      conditions: [{ field: "tag", in: ["status-clocks"] }],
      scheduleId: schedule.body.id,
      warningPercent: 50,
      targets: {
        normal: {
          requesterWait: { minutes: 8 * 60, hours: "calendar" },
          agentWork: { minutes: 4 * 60, hours: "business" },
        },
      },
    });
    expect(policy.status).toBe(201);
    const all = (await admin.get("/api/sla/policies")).body.items as Array<{ id: string }>;
    const order = [policy.body.id, ...all.map((p) => p.id).filter((id) => id !== policy.body.id)];
    expect((await admin.post("/api/sla/policies/reorder", { ids: order })).status).toBe(200);
    template = (await admin.post("/api/tickets", { subject: "Clocks", tags: ["status-clocks"] })).body;
  });
  afterAll(() => s.stop());

  it("pending pauses both, on hold pauses agent work only; each resume stores a new deadline; solved records hits", async () => {
    fresh();
    // Monday 2026-04-06 09:00 UTC, new: requester wait 8 calendar hours, agent work 4 business hours.
    let c = await go("new", "2026-04-06T09:00:00.000Z");
    expect(iso(c.requesterWait.deadline_at)).toBe("2026-04-06T17:00:00.000Z");
    expect(iso(c.requesterWait.warn_at)).toBe("2026-04-06T13:00:00.000Z");
    expect(iso(c.agentWork.deadline_at)).toBe("2026-04-06T13:00:00.000Z");

    c = await go("pending", "2026-04-06T10:00:00.000Z");
    expect(c.requesterWait).toMatchObject({ status: "paused", deadline_at: null, consumed_seconds: 3600 });
    expect(c.agentWork).toMatchObject({ status: "paused", deadline_at: null, consumed_seconds: 3600 });

    // Two hours pending do not count: 7 h left of requester wait, 3 h of agent work, from 12:00.
    c = await go("open", "2026-04-06T12:00:00.000Z");
    expect(iso(c.requesterWait.deadline_at)).toBe("2026-04-06T19:00:00.000Z");
    expect(iso(c.requesterWait.warn_at)).toBe("2026-04-06T15:00:00.000Z");
    expect(iso(c.agentWork.deadline_at)).toBe("2026-04-06T15:00:00.000Z");
    expect(iso(c.agentWork.warn_at)).toBe("2026-04-06T13:00:00.000Z");

    // On hold: the requester still waits, the agent cannot act.
    c = await go("on_hold", "2026-04-06T13:00:00.000Z");
    expect(c.requesterWait).toMatchObject({ status: "active", consumed_seconds: 3600 });
    expect(iso(c.requesterWait.deadline_at)).toBe("2026-04-06T19:00:00.000Z");
    expect(c.agentWork).toMatchObject({ status: "paused", deadline_at: null, consumed_seconds: 7200 });

    c = await go("open", "2026-04-06T14:00:00.000Z");
    expect(iso(c.requesterWait.deadline_at)).toBe("2026-04-06T19:00:00.000Z");
    expect(iso(c.agentWork.deadline_at)).toBe("2026-04-06T16:00:00.000Z");

    c = await go("solved", "2026-04-06T15:30:00.000Z");
    // Requester wait: 1 h + 3.5 h from 12:00; agent work: 1 h + 1 h + 1.5 h.
    expect(c.requesterWait).toMatchObject({ status: "hit", consumed_seconds: 3600 + 3.5 * 3600 });
    expect(c.agentWork).toMatchObject({ status: "hit", consumed_seconds: 3600 + 3600 + 1.5 * 3600 });
  });

  it("agent work counts business hours only and resumes into the next working window; a late solve misses", async () => {
    fresh();
    // Friday 2099-04-10 16:00 (far ahead, so the server's own sweeper never reaches it and this drives the sweep): one business hour left on Friday, the rest on Monday.
    let c = await go("new", "2099-04-10T16:00:00.000Z");
    expect(iso(c.agentWork.deadline_at)).toBe("2099-04-13T12:00:00.000Z");
    expect(iso(c.requesterWait.deadline_at)).toBe("2099-04-11T00:00:00.000Z");

    // On hold over the weekend: agent work banks 1 h (16:00–17:00), requester wait keeps running.
    c = await go("on_hold", "2099-04-10T18:00:00.000Z");
    expect(c.agentWork).toMatchObject({ status: "paused", consumed_seconds: 3600 });
    c = await go("open", "2099-04-12T10:00:00.000Z");
    // Resumed on a Sunday: 3 business hours from Monday 09:00.
    expect(iso(c.agentWork.deadline_at)).toBe("2099-04-13T12:00:00.000Z");
    expect(c.requesterWait.status).toBe("active");

    // The breach fires at the stored instant, once; the clock stays owed until solved, then misses.
    const rw = c.requesterWait;
    const alert = async (now: string) =>
      (await sweepDueAlerts(s.ctx, links, at(now))).some((f) => f.clock.id === rw.id && f.kind === "breach");
    expect(await alert("2099-04-10T23:59:59.999Z")).toBe(false);
    expect(await alert("2099-04-11T00:00:00.000Z")).toBe(true);
    expect(await alert("2099-04-11T00:00:00.000Z")).toBe(false);
    c = await byMetric(t.id);
    expect(iso(c.requesterWait.breached_at)).toBe("2099-04-11T00:00:00.000Z");

    c = await go("solved", "2099-04-13T11:00:00.000Z");
    expect(c.requesterWait).toMatchObject({ status: "missed", consumed_seconds: 2 * 86400 + 19 * 3600 });
    expect(c.agentWork).toMatchObject({ status: "hit", consumed_seconds: 3 * 3600 });
  });

  it("a ticket created on hold starts agent work paused; a reopen starts a new cycle of both", async () => {
    fresh();
    let c = await go("on_hold", "2026-04-07T09:00:00.000Z");
    expect(c.agentWork).toMatchObject({ status: "paused", deadline_at: null, consumed_seconds: 0 });
    expect(c.requesterWait.status).toBe("active");
    c = await go("open", "2026-04-07T10:00:00.000Z");
    expect(iso(c.agentWork.deadline_at)).toBe("2026-04-07T14:00:00.000Z");
    await go("solved", "2026-04-07T11:00:00.000Z");
    await go("open", "2026-04-08T09:00:00.000Z");
    const rows = (
      await s.ctx.database.executeSql(
        `select metric, status from sla_clocks where subject_id = $1 and metric = 'agentWork' order by started_at`,
        [t.id],
      )
    ).rows;
    expect(rows.map((r) => (r as { status: string }).status)).toEqual(["hit", "active"]);
  });
});
