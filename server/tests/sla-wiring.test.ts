import { randomUUID } from "node:crypto";
import type { Message, Ticket } from "@switchboard/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConversation, getConversations } from "../src/features/inbox";
import { type SlaLinks, ticketMessage } from "../src/features/sla";
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

/**
 * The wiring end to end: the server's own listeners start and stop clocks from real messages and
 * tickets, the API shows the state, and the alert sweeper fires the warning and the breach at the stored instants.
 */
describe.each(drivers)("SLA wiring (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let adminId: string;
  let channelId: string;
  const clock = async (subjectId: string, metric: string) =>
    (
      await s.ctx.database.executeSql(
        `select status, deadline_at, warned_at, breached_at from sla_clocks
          where subject_id = $1 and metric = $2 order by started_at desc limit 1`,
        [subjectId, metric],
      )
    ).rows[0] as
      | {
          status: string;
          deadline_at: string | Date;
          warned_at: string | Date | null;
          breached_at: string | Date | null;
        }
      | undefined;
  const target = (sla: { targets: Array<{ metric: string }> }, metric: string) =>
    sla.targets.find((t) => t.metric === metric) as { status: string; deadlineAt: string | null } | undefined;

  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    adminId = (await admin.get("/api/me")).body.user.id;
    channelId = (await createWebchat(admin)).channel.id;
    const policy = await admin.post("/api/sla/policies", {
      name: "Fast",
      conditions: [{ field: "tag", in: ["fast"] }],
      targets: {
        normal: {
          firstReply: { minutes: 30, hours: "calendar" },
          resolution: { minutes: 600, hours: "calendar" },
          periodicUpdate: { minutes: 1, hours: "calendar" },
        },
      },
    });
    const all = (await admin.get("/api/sla/policies")).body.items as Array<{ id: string }>;
    const order = [policy.body.id, ...all.map((p) => p.id).filter((id) => id !== policy.body.id)];
    expect((await admin.post("/api/sla/policies/reorder", { ids: order })).status).toBe(200);
  });
  afterAll(() => s.stop());

  it("times a chat's first reply from the customer's message to the agent's reply, and a linked ticket's too", async () => {
    const v = await visitor(s.url, channelId, { name: "Noa" });
    const convId = (await v.post("/api/widget/messages", { content: "Where is my order?" })).body.conversationId;
    await waitFor(async () => !!target((await admin.get(`/api/conversations/${convId}`)).body.sla, "firstReply"));
    const before = (await admin.get(`/api/conversations/${convId}`)).body.sla;
    expect(before.state).toBe("ok");
    expect(target(before, "firstReply")?.status).toBe("active");
    // The Default policy (normal: one business day) applies to the chat; its deadline is stored, not null.
    expect(before.nextDeadlineAt).toBe(target(before, "firstReply")?.deadlineAt);
    const listed = (await admin.get("/api/conversations?status=open")).body.items.find((c: any) => c.id === convId);
    expect(listed?.sla?.state).toBe("ok");

    const created = await admin.post("/api/tickets", {
      subject: "Order missing",
      tags: ["fast"],
      assigneeId: adminId,
      conversationIds: [convId],
    });
    expect(created.status).toBe(201);
    const ticketId = created.body.id as string;
    await waitFor(async () => (await admin.get(`/api/tickets/${ticketId}`)).body.sla.targets.length === 2);
    const t = (await admin.get(`/api/tickets/${ticketId}`)).body as Ticket;
    expect(t.sla.targets.map((x) => [x.metric, x.status]).sort()).toEqual([
      ["firstReply", "active"],
      ["resolution", "active"],
    ]);
    expect(new Date(target(t.sla, "firstReply")!.deadlineAt!).getTime() - new Date(t.createdAt).getTime()).toBe(
      30 * 60_000,
    );
    const ids = async (q: string) => ((await admin.get(`/api/tickets?${q}`)).body.items as Ticket[]).map((x) => x.id);
    expect(await ids("sla=ok")).toContain(ticketId);
    expect(await ids("sla=breached")).not.toContain(ticketId);
    expect(await ids("sla=at_risk")).not.toContain(ticketId);

    // A private note satisfies nothing; the agent's public reply fulfils both first replies.
    await admin.post(`/api/conversations/${convId}/messages`, { content: "checking", private: true });
    await admin.post(`/api/conversations/${convId}/messages`, { content: "On its way" });
    await waitFor(async () => (await clock(convId, "firstReply"))?.status === "hit");
    await waitFor(async () => (await clock(ticketId, "firstReply"))?.status === "hit");
    const after = (await admin.get(`/api/conversations/${convId}`)).body.sla;
    expect(target(after, "firstReply")?.status).toBe("hit");
    // Sorting by next deadline walks every ticket with a running one before those without.
    const sorted = ((await admin.get("/api/tickets?sort=sla")).body.items as Ticket[]).map((x) => x.sla.nextDeadlineAt);
    const withDeadline = sorted.filter((d) => d !== null) as string[];
    expect(withDeadline).toEqual([...withDeadline].sort());
    expect(sorted.slice(0, withDeadline.length)).toEqual(withDeadline);
  });

  it("fires the warning and the breach through the server's sweeper at the stored instants, live and as notifications", async () => {
    const v = await visitor(s.url, channelId, { name: "Ari" });
    const convId = (await v.post("/api/widget/messages", { content: "Any news?" })).body.conversationId;
    const ticketId = (
      await admin.post("/api/tickets", {
        subject: "News",
        tags: ["fast"],
        assigneeId: adminId,
        conversationIds: [convId],
      })
    ).body.id as string;
    await waitFor(async () => (await clock(ticketId, "resolution"))?.status === "active");
    const ws = await socket(s.url, { cookie: admin.cookie });
    // A human reply 58 s ago restarts the periodic update (1 minute): its deadline is 2 s from now, its
    // warning (75 %) already due. The server's own sweeper fires both at those instants.
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
    const ticket = (await getTicket(s.ctx.db, ticketId))!;
    const repliedAt = new Date(Date.now() - 58_000);
    const reply = {
      id: randomUUID(),
      conversationId: convId,
      direction: "outbound",
      senderType: "agent",
      sender: { id: adminId, name: "Admin", avatarUrl: null },
      private: false,
      kind: "text",
      metadata: {},
      content: "Update",
      attachments: [],
      status: "sent",
      error: null,
      createdAt: repliedAt.toISOString(),
    } as Message;
    await ticketMessage(s.ctx, links, ticket, reply, repliedAt);
    const started = (await clock(ticketId, "periodicUpdate"))!;
    const deadline = new Date(started.deadline_at).getTime();
    expect(deadline).toBe(repliedAt.getTime() + 60_000);

    const warned = await ws.next((e) => e.type === "sla.warning" && e.subjectId === ticketId, 10_000);
    expect(warned.metric).toBe("periodicUpdate");
    expect(warned.sla.state).toBe("at_risk");
    const breached = await ws.next((e) => e.type === "sla.breached" && e.subjectId === ticketId, 15_000);
    expect(breached.sla.state).toBe("breached");
    const row = (await clock(ticketId, "periodicUpdate"))!;
    expect(row.status).toBe("active");
    expect(new Date(row.breached_at!).getTime()).toBeGreaterThanOrEqual(deadline);
    expect(row.warned_at).not.toBeNull();
    expect(((await admin.get("/api/tickets?sla=breached")).body.items as Ticket[]).map((x) => x.id)).toContain(
      ticketId,
    );
    // The notifications follow the live event (assignee = admin; no team, so no leads).
    const kinds = async () =>
      ((await admin.get("/api/notifications")).body.items as Array<{ type: string; conversationId: string }>)
        .filter((n) => n.conversationId === convId)
        .map((n) => n.type)
        .sort();
    await waitFor(async () => (await kinds()).length === 2);
    expect(await kinds()).toEqual(["sla_breached", "sla_warning"]);
    // The next human reply records the miss.
    await admin.post(`/api/conversations/${convId}/messages`, { content: "Sorry for the wait" });
    await waitFor(async () => {
      const r = await s.ctx.database.executeSql(
        "select status from sla_clocks where subject_id = $1 and metric = 'periodicUpdate' and status = 'missed'",
        [ticketId],
      );
      return r.rows.length === 1;
    });
    ws.close();
  });
});
