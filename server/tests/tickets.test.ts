import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

describe.each(drivers)("tickets (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let ana: Client;
  let anaId: string;
  let adminId: string;
  let teamId: string;
  let channelId: string;
  const count = async (table: string) =>
    ((await s.ctx.database.executeSql(`select count(*)::int as n from ${table}`, [])).rows[0] as { n: number }).n;
  /** A customer conversation on the website channel, with the given messages from the visitor. */
  const conversation = async (name: string, ...messages: string[]) => {
    const v = await visitor(s.url, channelId, { name });
    let id = "";
    for (const content of messages) {
      const r = await v.post("/api/widget/messages", { content, ...(id ? { conversationId: id } : {}) });
      id = r.body.conversationId;
    }
    const conv = (await admin.get(`/api/conversations/${id}`)).body;
    return { id, contactId: conv.contact.id as string, v };
  };

  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    adminId = (await admin.get("/api/me")).body.user.id;
    const created = await admin.post("/api/agents", {
      name: "Ana",
      email: "ana@example.com",
      password: "long-enough-secret",
    });
    anaId = created.body.agent.id;
    ana = await loginAs(s.url, "ana@example.com", "long-enough-secret");
    teamId = (await admin.post("/api/teams", { name: "Billing" })).body.team.id;
    channelId = (await createWebchat(admin)).channel.id;
  });
  afterAll(() => s.stop());

  it("creates a ticket from the console with defaults, a number and its created event", async () => {
    const r = await ana.post("/api/tickets", { subject: "  Refund not received ", tags: ["Refund", "refund", "vip"] });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      subject: "Refund not received",
      description: "",
      priority: "normal",
      status: "new",
      type: "question",
      assignee: null,
      team: null,
      requester: null,
      tags: ["refund", "vip"],
      customFields: {},
      dueAt: null,
      createdBy: { type: "user", id: anaId, name: "Ana" },
      conversationIds: [],
      solvedAt: null,
      closedAt: null,
    });
    const second = await ana.post("/api/tickets", { subject: "Second" });
    expect(second.body.number).toBe(r.body.number + 1);
    const detail = await ana.get(`/api/tickets/${r.body.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.events).toHaveLength(1);
    expect(detail.body.events[0]).toMatchObject({
      kind: "created",
      field: null,
      actor: { type: "user", id: anaId, name: "Ana" },
      to: { subject: "Refund not received", status: "new", tags: ["refund", "vip"], conversations: [] },
    });
  });

  it("prefills a ticket made from a conversation: requester, subject, description and the link", async () => {
    const c = await conversation("Dana", "My parcel never arrived", "Order 1234, sent two weeks ago");
    const r = await ana.post("/api/tickets", { conversationIds: [c.id], priority: "high" });
    expect(r.status).toBe(201);
    expect(r.body.requester).toMatchObject({ id: c.contactId, name: "Dana" });
    expect(r.body.subject).toBe("My parcel never arrived");
    expect(r.body.description).toContain("> My parcel never arrived");
    expect(r.body.description).toContain("> Order 1234, sent two weeks ago");
    expect(r.body.description).toContain("**Dana**");
    expect(r.body.conversationIds).toEqual([c.id]);
    const detail = (await ana.get(`/api/tickets/${r.body.id}`)).body;
    expect(detail.conversations.map((x: { id: string }) => x.id)).toEqual([c.id]);
    // The list filter by conversation finds it (and only it).
    const byConv = (await ana.get(`/api/tickets?conversation=${c.id}`)).body.items;
    expect(byConv.map((t: { id: string }) => t.id)).toEqual([r.body.id]);
    // An explicit requester (or none) wins over the conversation's contact.
    const none = await ana.post("/api/tickets", { conversationIds: [c.id], subject: "x", requesterId: null });
    expect(none.body.requester).toBeNull();
  });

  it("records every real change exactly, once, with the actor, and links/unlinks conversations", async () => {
    const t = (await ana.post("/api/tickets", { subject: "Printer on fire" })).body;
    const c1 = await conversation("Eve", "It smokes");
    const c2 = await conversation("Finn", "Mine too");
    const due = "2030-01-02T03:04:05.678Z";
    const r = await admin.patch(`/api/tickets/${t.id}`, {
      priority: "urgent",
      subject: "Printer on fire",
      assigneeId: anaId,
      teamId,
      type: "incident",
      dueAt: due,
      customFields: { floor: 3, vendor: "Acme" },
      linkConversationIds: [c1.id, c2.id],
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      priority: "urgent",
      status: "open",
      type: "incident",
      assignee: { id: anaId, name: "Ana" },
      team: { id: teamId, name: "Billing" },
      dueAt: due,
      customFields: { floor: 3, vendor: "Acme" },
    });
    expect(r.body.conversationIds.sort()).toEqual([c1.id, c2.id].sort());
    const events = (await ana.get(`/api/tickets/${t.id}`)).body.events;
    const actor = { type: "user", id: adminId };
    // The unchanged subject writes nothing; the assignment moves a new ticket to open.
    expect(events.slice(1).map((e: any) => [e.kind, e.field, e.from, e.to])).toEqual([
      ["changed", "priority", "normal", "urgent"],
      ["changed", "type", "question", "incident"],
      ["changed", "assignee", null, anaId],
      ["changed", "team", null, teamId],
      ["changed", "customFields", {}, { floor: 3, vendor: "Acme" }],
      ["changed", "dueAt", null, due],
      ["changed", "status", "new", "open"],
      ["linked", "conversation", null, c1.id],
      ["linked", "conversation", null, c2.id],
    ]);
    for (const e of events.slice(1)) expect(e.actor).toMatchObject(actor);

    // The same patch again changes nothing: no event, no updated_at move.
    const before = await count("ticket_events");
    const again = await admin.patch(`/api/tickets/${t.id}`, {
      priority: "urgent",
      customFields: { vendor: "Acme", floor: 3 },
    });
    expect(again.status).toBe(200);
    expect(again.body.updatedAt).toBe(r.body.updatedAt);
    expect(await count("ticket_events")).toBe(before);

    const un = await ana.patch(`/api/tickets/${t.id}`, { unlinkConversationIds: [c1.id], tags: ["hardware"] });
    expect(un.body.conversationIds).toEqual([c2.id]);
    const last = (await ana.get(`/api/tickets/${t.id}`)).body.events.slice(-2);
    expect(last.map((e: any) => [e.kind, e.field, e.from, e.to, e.actor.id])).toEqual([
      ["changed", "tags", [], ["hardware"], anaId],
      ["unlinked", "conversation", c1.id, null, anaId],
    ]);
  });

  it("validates status transitions: back to new, closing unsolved, closed is final but an admin reopens", async () => {
    const t = (await ana.post("/api/tickets", { subject: "Workflow", status: "open" })).body;
    const back = await ana.patch(`/api/tickets/${t.id}`, { status: "new" });
    expect(back.status).toBe(409);
    expect(back.body.error.code).toBe("invalid_transition");
    expect((await ana.patch(`/api/tickets/${t.id}`, { status: "closed" })).status).toBe(409);
    const solved = await ana.patch(`/api/tickets/${t.id}`, { status: "solved" });
    expect(solved.body.solvedAt).not.toBeNull();
    const closed = await ana.patch(`/api/tickets/${t.id}`, { status: "closed" });
    expect(closed.status).toBe(200);
    expect(closed.body.closedAt).not.toBeNull();
    const events = await count("ticket_events");
    expect((await ana.patch(`/api/tickets/${t.id}`, { subject: "Edit after close" })).status).toBe(409);
    expect((await ana.patch(`/api/tickets/${t.id}`, { status: "open" })).status).toBe(409);
    expect((await admin.patch(`/api/tickets/${t.id}`, { status: "pending" })).status).toBe(409);
    expect(await count("ticket_events")).toBe(events);
    const reopened = await admin.patch(`/api/tickets/${t.id}`, { status: "open" });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: "open", solvedAt: null, closedAt: null });
  });

  it("adds internal comments with their event", async () => {
    const t = (await ana.post("/api/tickets", { subject: "Commented" })).body;
    const r = await ana.post(`/api/tickets/${t.id}/comments`, { body: "Called the **courier**" });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      ticketId: t.id,
      body: "Called the **courier**",
      author: { type: "user", id: anaId },
    });
    const d = (await admin.get(`/api/tickets/${t.id}`)).body;
    expect(d.comments.map((c: { body: string }) => c.body)).toEqual(["Called the **courier**"]);
    expect(d.events.at(-1)).toMatchObject({ kind: "commented", to: r.body.id });
    expect((await ana.post(`/api/tickets/${t.id}/comments`, { body: "   " })).status).toBe(400);
    expect((await ana.post("/api/tickets/00000000-0000-4000-8000-000000000000/comments", { body: "x" })).status).toBe(
      404,
    );
  });

  it("lists with filters, sorts and keyset pages that neither skip nor repeat", async () => {
    const fresh = await bootServer(driver);
    try {
      const a = await loginAs(fresh.url);
      const myId = (await a.get("/api/me")).body.user.id;
      const made: any[] = [];
      const specs = [
        { subject: "t0", priority: "low", tags: ["x"], dueAt: "2031-01-01T00:00:00.000Z" },
        { subject: "t1", priority: "urgent", assigneeId: myId },
        { subject: "t2", priority: "high", tags: ["x", "y"], dueAt: "2030-01-01T00:00:00.000Z" },
        { subject: "t3", priority: "urgent", status: "pending" },
        { subject: "t4", priority: "normal", type: "task" },
      ];
      for (const b of specs) {
        const t = (await a.post("/api/tickets", b)).body;
        made.push(t);
        // Distinct creation times, so the expected orders below do not hang on the random id tie-break.
        await waitFor(() => Date.now() > Date.parse(t.createdAt));
      }
      const ids = (q: string) => a.get(`/api/tickets?${q}`).then((r) => r.body.items.map((t: any) => t.subject));
      expect(await ids("sort=created")).toEqual(["t4", "t3", "t2", "t1", "t0"]);
      expect(await ids("sort=priority")).toEqual(["t3", "t1", "t2", "t4", "t0"]);
      expect(await ids("sort=due")).toEqual(["t2", "t0", "t1", "t3", "t4"]);
      expect(await ids("tag=x&sort=created")).toEqual(["t2", "t0"]);
      expect(await ids("priority=urgent&sort=created")).toEqual(["t3", "t1"]);
      expect(await ids("status=pending")).toEqual(["t3"]);
      expect(await ids("status=open")).toEqual(["t1"]);
      expect(await ids("status=unsolved&type=task")).toEqual(["t4"]);
      expect(await ids("assignee=me")).toEqual(["t1"]);
      expect(await ids(`assignee=${myId}`)).toEqual(["t1"]);
      expect((await ids("assignee=unassigned&sort=created")).length).toBe(4);
      // Touching t0 moves it first in "updated".
      await a.patch(`/api/tickets/${made[0].id}`, { subject: "t0 edited" });
      expect((await ids("sort=updated"))[0]).toBe("t0 edited");
      for (const sort of ["created", "updated", "priority", "due"]) {
        const all = await ids(`sort=${sort}`);
        const paged: string[] = [];
        let cursor: string | null = null;
        do {
          const r: any = await a.get(`/api/tickets?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
          expect(r.status).toBe(200);
          paged.push(...r.body.items.map((t: any) => t.subject));
          cursor = r.body.nextCursor;
        } while (cursor);
        expect(paged).toEqual(all);
      }
      const page = (await a.get("/api/tickets?sort=created&limit=2")).body;
      expect((await a.get(`/api/tickets?sort=due&cursor=${page.nextCursor}`)).status).toBe(400);
      expect((await a.get("/api/tickets?cursor=garbage")).status).toBe(400);
    } finally {
      await fresh.stop();
    }
  });

  it("refuses bad input with 400/422 and writes nothing", async () => {
    const before = await count("tickets");
    const bad: [unknown, number][] = [
      [{}, 400], // no subject, no conversation
      [{ subject: "" }, 400],
      [{ subject: "x", priority: "asap" }, 400],
      [{ subject: "x", status: "closed" }, 400],
      [{ subject: "x", type: "bug" }, 400],
      [{ subject: "x", dueAt: "tomorrow" }, 400],
      [{ subject: "x", customFields: { "Bad Key": 1 } }, 400],
      [{ subject: "x", tags: ["a,b"] }, 400],
      [{ subject: "x\u0000" }, 400],
      [{ subject: "x", assigneeId: "00000000-0000-4000-8000-000000000000" }, 422],
      [{ subject: "x", teamId: "00000000-0000-4000-8000-000000000000" }, 422],
      [{ subject: "x", requesterId: "00000000-0000-4000-8000-000000000000" }, 422],
      [{ conversationIds: ["00000000-0000-4000-8000-000000000000"] }, 422],
    ];
    for (const [body, status] of bad) {
      const r = await ana.post("/api/tickets", body);
      expect([JSON.stringify(body), r.status]).toEqual([JSON.stringify(body), status]);
      expect(r.body.error.code).toBeTypeOf("string");
    }
    expect(await count("tickets")).toBe(before);
    const t = (await ana.post("/api/tickets", { subject: "ok" })).body;
    expect((await ana.patch(`/api/tickets/${t.id}`, {})).status).toBe(400);
    expect((await ana.patch(`/api/tickets/${t.id}`, { status: "done" })).status).toBe(400);
    const unknownAssignee = await ana.patch(`/api/tickets/${t.id}`, {
      subject: "changed",
      assigneeId: "00000000-0000-4000-8000-000000000000",
    });
    expect(unknownAssignee.status).toBe(422);
    expect(unknownAssignee.body.error.details.fieldErrors.assigneeId).toBeDefined();
    expect((await ana.get(`/api/tickets/${t.id}`)).body.subject).toBe("ok");
    expect((await ana.get("/api/tickets/not-a-uuid")).status).toBe(404);
    expect((await ana.get("/api/tickets/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await ana.get("/api/tickets?priority=asap")).status).toBe(400);
  });

  it("follows the caller's visibility for linked conversations; deleting a contact keeps its tickets", async () => {
    const made = await admin.post("/api/agents", {
      name: "Bo",
      email: "bo@example.com",
      password: "long-enough-secret",
    });
    const boId = made.body.agent.id;
    expect((await admin.patch(`/api/agents/${boId}`, { visibility: "assigned" })).status).toBe(200);
    const bo = await loginAs(s.url, "bo@example.com", "long-enough-secret");
    const hidden = await conversation("Gus", "Bo cannot see this");
    // Bo cannot link what Bo cannot see (as if it did not exist) ...
    const refused = await bo.post("/api/tickets", { subject: "x", conversationIds: [hidden.id] });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.fieldErrors.conversationIds).toBeDefined();
    // ... and sees the ticket, but not the conversation, when someone else linked it.
    const t = (await admin.post("/api/tickets", { conversationIds: [hidden.id] })).body;
    const seen = (await bo.get(`/api/tickets/${t.id}`)).body;
    expect(seen.conversationIds).toEqual([hidden.id]);
    expect(seen.conversations).toEqual([]);
    expect((await admin.get(`/api/tickets/${t.id}`)).body.conversations).toHaveLength(1);

    // Erasing the customer takes the conversation (and so the link) but not the ticket or its history.
    expect((await admin.del(`/api/contacts/${hidden.contactId}`)).status).toBe(200);
    const after = (await admin.get(`/api/tickets/${t.id}`)).body;
    expect(after).toMatchObject({ requester: null, conversationIds: [], conversations: [] });
    expect(after.events[0].kind).toBe("created");
  });

  it("needs a signed-in agent; an API token acts as api and needs the write scope to change", async () => {
    const anon = new Client(s.url);
    expect((await anon.get("/api/tickets")).status).toBe(401);
    expect((await anon.post("/api/tickets", { subject: "x" })).status).toBe(401);
    const mint = async (scopes: string[]) =>
      (await admin.post("/api/api-tokens", { name: `t-${scopes.join("-")}`, scopes })).body.secret as string;
    const read = new Client(s.url, null, await mint(["read"]));
    const write = new Client(s.url, null, await mint(["read", "write"]));
    expect((await read.get("/api/tickets")).status).toBe(200);
    expect((await read.post("/api/tickets", { subject: "x" })).status).toBe(403);
    const r = await write.post("/api/tickets", { subject: "From the CRM" });
    expect(r.status).toBe(201);
    expect(r.body.createdBy).toMatchObject({ type: "api", id: adminId, name: "Admin via token t-read-write" });
  });

  it("pushes ticket.created and ticket.updated to agents' sockets after commit", async () => {
    const ws = await socket(s.url, { cookie: ana.cookie });
    try {
      const t = (await admin.post("/api/tickets", { subject: "Live" })).body;
      const created = await ws.next((e) => e.type === "ticket.created" && e.ticket.id === t.id);
      expect(created.ticket).toMatchObject({ subject: "Live", status: "new" });
      await admin.patch(`/api/tickets/${t.id}`, { priority: "high" });
      const updated = await ws.next((e) => e.type === "ticket.updated" && e.ticket.priority === "high");
      expect(updated.ticket.id).toBe(t.id);
      const updates = () => ws.events.filter((e) => e.type === "ticket.updated" && e.ticket.id === t.id).length;
      const beforeComment = updates();
      await admin.post(`/api/tickets/${t.id}/comments`, { body: "note" });
      await waitFor(() => updates() === beforeComment + 1);
      // A refused change announces nothing.
      const n = ws.events.filter((e) => e.type === "ticket.updated").length;
      expect((await admin.patch(`/api/tickets/${t.id}`, { status: "closed" })).status).toBe(409);
      await admin.patch(`/api/tickets/${t.id}`, { priority: "low" });
      await ws.next((e) => e.type === "ticket.updated" && e.ticket.priority === "low");
      expect(ws.events.filter((e) => e.type === "ticket.updated").length).toBe(n + 1);
    } finally {
      ws.close();
    }
  });
});
