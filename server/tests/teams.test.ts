import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DomainEvents } from "../src/platform/bus";
import { bootServer, type Client, createWebchat, drivers, loginAs, type TestServer, visitor } from "./helpers";

const ZERO = "00000000-0000-4000-8000-000000000000";

/** Issue 8 §4: teams (name, members, the channels they serve); admins shape them, agents read them. */
describe.each(drivers)("teams (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let agent: Client;
  let agentId: string;
  let otherId: string;
  let channelId: string;
  const routing: DomainEvents["routing.changed"][] = [];
  const sql = async <T = any>(text: string, values: unknown[] = []) =>
    (await s.ctx.database.executeSql(text, values)).rows as T[];

  beforeAll(async () => {
    s = await bootServer(driver);
    s.ctx.bus.on("routing.changed", (e) => void routing.push(e));
    admin = await loginAs(s.url);
    const mk = async (email: string, name: string) =>
      (await admin.post("/api/agents", { email, name, password: "agent-password-123" })).body.agent.id as string;
    agentId = await mk("ana@example.com", "Ana Agent");
    otherId = await mk("bo@example.com", "Bo Agent");
    agent = await loginAs(s.url, "ana@example.com", "agent-password-123");
    channelId = (await createWebchat(admin)).channel.id;
  });
  afterAll(() => s.stop());

  it("admins create a team with members and channels; agents read it with availability, load and waiting", async () => {
    const created = await admin.post("/api/teams", {
      name: "Billing",
      description: "Invoices and refunds",
      memberIds: [agentId, otherId],
      channelIds: [channelId],
    });
    expect(created.status, created.text).toBe(201);
    const team = created.body.team;
    expect(team).toMatchObject({ name: "Billing", description: "Invoices and refunds", channelIds: [channelId] });
    expect(team.members.map((m: any) => m.name)).toEqual(["Ana Agent", "Bo Agent"]);
    expect(team.members[0]).toMatchObject({ availability: "offline", openAssigned: 0 });
    expect(routing).toContainEqual({ cause: "team", teamId: team.id });

    // Load and waiting come from the conversations: one assigned to Ana, one queued for the team.
    const v = await visitor(s.url, channelId);
    const c1 = (await v.post("/api/widget/messages", { content: "Where is my invoice?" })).body.conversationId;
    expect((await admin.post(`/api/conversations/${c1}/assign`, { assigneeId: agentId })).status).toBe(200);
    const v2 = await visitor(s.url, channelId);
    const c2 = (await v2.post("/api/widget/messages", { content: "Refund please" })).body.conversationId;
    await sql("update conversations set team_id = $1, handler = 'human', queued_at = now() where id = $2", [
      team.id,
      c2,
    ]);
    // Away, not online: an online member would be routed the queued conversation at once.
    await agent.patch("/api/me", { availability: "away" });

    const list = await agent.get("/api/teams");
    expect(list.status).toBe(200);
    const read = list.body.items.find((t: any) => t.id === team.id);
    expect(read.waiting).toBe(1);
    expect(read.members.find((m: any) => m.id === agentId)).toMatchObject({ availability: "away", openAssigned: 1 });
  });

  it("agents cannot write teams (403); nobody unauthenticated reads them", async () => {
    expect((await agent.post("/api/teams", { name: "Mine" })).status).toBe(403);
    const id = (await admin.get("/api/teams")).body.items[0].id;
    expect((await agent.patch(`/api/teams/${id}`, { name: "Hijacked" })).status).toBe(403);
    expect((await agent.del(`/api/teams/${id}`)).status).toBe(403);
    const anon = await fetch(`${s.url}/api/teams`);
    expect(anon.status).toBe(401);
    expect((await admin.get("/api/teams")).body.items[0].name).toBe("Billing");
  });

  it("validates: a name is required; unknown members or channels are 422 with the field named", async () => {
    const noName = await admin.post("/api/teams", { name: "  " });
    expect(noName.status).toBe(400);
    expect(noName.body.error.details.fieldErrors.name).toBeTruthy();

    const badMember = await admin.post("/api/teams", { name: "Ghosts", memberIds: [ZERO] });
    expect(badMember.status).toBe(422);
    expect(badMember.body.error.details.fieldErrors.memberIds[0]).toContain(ZERO);

    const badChannel = await admin.post("/api/teams", { name: "Ghosts", channelIds: [ZERO] });
    expect(badChannel.status).toBe(422);
    expect(badChannel.body.error.details.fieldErrors.channelIds).toBeTruthy();
    // Nothing half-made stays behind.
    expect((await admin.get("/api/teams")).body.items.map((t: any) => t.name)).toEqual(["Billing"]);
  });

  it("names are unique ignoring case: 409 with a clear message, on create and on rename", async () => {
    const dup = await admin.post("/api/teams", { name: "billing" });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toBe('A team named "billing" already exists');
    const sales = (await admin.post("/api/teams", { name: "Sales" })).body.team;
    const rename = await admin.patch(`/api/teams/${sales.id}`, { name: "BILLING" });
    expect(rename.status).toBe(409);
    // Renaming a team to its own name in another case is fine.
    expect((await admin.patch(`/api/teams/${sales.id}`, { name: "SALES" })).body.team.name).toBe("SALES");
  });

  it("updates replace members and channels; the audit log records create, update and delete", async () => {
    const t = (await admin.post("/api/teams", { name: "Tier 2", memberIds: [agentId] })).body.team;
    routing.length = 0;
    const up = await admin.patch(`/api/teams/${t.id}`, { memberIds: [otherId], channelIds: [channelId] });
    expect(up.status, up.text).toBe(200);
    expect(up.body.team.members.map((m: any) => m.id)).toEqual([otherId]);
    expect(up.body.team.channelIds).toEqual([channelId]);
    expect(routing).toEqual([{ cause: "team", teamId: t.id }]);
    expect((await admin.patch(`/api/teams/${ZERO}`, { name: "x" })).status).toBe(404);

    const log = (await admin.get("/api/audit-log?action=team.updated")).body.items;
    const entry = log.find((e: any) => e.target?.id === t.id);
    expect(entry.summary).toBe("Changed team Tier 2");
    expect(entry.details.members).toEqual({ added: [otherId], removed: [agentId] });
    expect((await admin.get("/api/audit-log?action=team.created")).body.items.map((e: any) => e.summary)).toContain(
      "Created team Tier 2",
    );
  });

  it("deleting a team leaves its conversations, without a team", async () => {
    const billing = (await admin.get("/api/teams")).body.items.find((t: any) => t.name === "Billing");
    const [before] = await sql<{ n: number }>("select count(*)::int as n from conversations where team_id = $1", [
      billing.id,
    ]);
    // Both conversations are Billing's: one set by hand, one routed there (Billing serves its channel).
    expect(before!.n).toBe(2);
    expect((await admin.del(`/api/teams/${billing.id}`)).status).toBe(204);
    expect((await admin.del(`/api/teams/${billing.id}`)).status).toBe(404);
    const [after] = await sql<{ n: number; none: number }>(
      "select count(*)::int as n, count(*) filter (where team_id is null)::int as none from conversations",
    );
    expect(after!.n).toBe(2);
    expect(after!.none).toBe(2);
    expect(routing).toContainEqual({ cause: "team", teamId: billing.id });
    const log = (await admin.get("/api/audit-log?action=team.deleted")).body.items;
    expect(log[0].summary).toBe("Deleted team Billing");
  });

  it("an admin changing an agent's capacity tells routing (routing.changed cause capacity)", async () => {
    routing.length = 0;
    expect((await admin.patch(`/api/agents/${agentId}`, { capacity: 3 })).status).toBe(200);
    expect(routing).toEqual([{ cause: "capacity", userId: agentId }]);
    // The same capacity again changes nothing: routing is not woken for it.
    expect((await admin.patch(`/api/agents/${agentId}`, { capacity: 3 })).status).toBe(200);
    expect(routing).toHaveLength(1);
    expect((await agent.patch(`/api/agents/${agentId}`, { capacity: 50 })).status).toBe(403);
  });
});
