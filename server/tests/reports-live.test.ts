import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
      slaAtRisk: null,
      slaBreachedToday: null,
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

  it("agents may read reports; anonymous callers may not", async () => {
    await admin.post("/api/agents", { name: "Ana", email: "ana@example.com", password: "long-enough-secret" });
    const ana = await loginAs(s.url, "ana@example.com", "long-enough-secret");
    expect((await ana.get("/api/reports/volume")).status).toBe(200);
    const anon = await fetch(`${s.url}/api/reports/live`);
    expect(anon.status).toBe(401);
  });
});
