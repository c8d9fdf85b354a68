import { beforeAll, describe, expect, it } from "vitest";
import { campaignProgressed, progressPending } from "../src/features/campaigns/progress";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import type { AppContext } from "../src/platform/context";
import { orderMapping, useCampaignSuite } from "./campaigns-suite";
import { type Client, createWebchat, drivers, loginAs, socket, useTwoServers, visitor, waitFor } from "./helpers";

const account: FakeAccount = {
  accountId: "106540352249303",
  secrets: { accessToken: "EAAprogress-token", appSecret: "progress-app-secret" },
  settings: {
    phoneNumberId: "106540352249303",
    wabaId: "102290129349303",
    appId: "301234567890303",
    displayPhoneNumber: "+1 555 000 9303",
  },
  webhookUrl: "",
};

/** Counts the campaign.progress events committed in this process (bus.on runs where it was emitted). */
function countEmits(ctx: AppContext, campaignId: string) {
  const seen = { n: 0 };
  ctx.bus.on("campaign.progress", (p) => {
    if (p.campaignId === campaignId) seen.n++;
  });
  return seen;
}

describe.each(drivers)("campaign.progress over the socket (%s)", (driver) => {
  const { t, fake, contact, create } = useCampaignSuite(driver, account, { name: "Progress number", prefix: "+9198" });
  let agent: Client;

  beforeAll(async () => {
    const created = await t.admin.post("/api/agents", {
      email: "progress-agent@example.com",
      name: "Progress Agent",
      password: "agent-password-123",
      role: "agent",
    });
    expect(created.status, created.text).toBe(201);
    agent = await loginAs(t.s.url, "progress-agent@example.com", "agent-password-123");
  });

  it("pushes progress to agents and admins, never to visitors, ending on the final counts", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await contact(`Lab ${i}`)).id);
    const id = await create({
      name: "Live",
      mapping: orderMapping("#1"),
      ratePerSecond: 2,
      audience: { contactIds: ids },
    });
    const admin = t.admin;

    const chat = await createWebchat(admin);
    const guest = await visitor(t.s.url, chat.channel.id);
    const adminWs = await socket(t.s.url, { cookie: admin.cookie });
    const agentWs = await socket(t.s.url, { cookie: agent.cookie });
    const guestWs = await socket(t.s.url, { visitorToken: guest.bearer! });

    expect((await admin.post(`/api/campaigns/${id}/start`)).status).toBe(200);
    // The last event of the run carries the final state (the throttle's trailing emit is never lost).
    const final = (e: any) =>
      e.type === "campaign.progress" && e.campaignId === id && e.status === "completed" && e.counts.sent === 4;
    const last = await adminWs.next(final, 20_000);
    expect(last.counts).toMatchObject({ total: 4, sent: 4, pending: 0, sending: 0 });
    await agentWs.next(final, 10_000);

    // A delivery status (the webhook drain) moves the counts too.
    const r0 = (await admin.get(`/api/campaigns/${id}/recipients?limit=10`)).body.items[0];
    const to = r0.phone as string;
    expect(await fake.sendStatus(account, r0.providerMessageId, to, "delivered")).toBe(200);
    await adminWs.next(
      (e) => e.type === "campaign.progress" && e.campaignId === id && e.counts.delivered === 1,
      10_000,
    );

    await waitFor(() => progressPending(t.s.ctx) === 0, 10_000);
    expect(guestWs.events.some((e) => e.type === "campaign.progress")).toBe(false);
    for (const ws of [adminWs, agentWs, guestWs]) ws.close();
  }, 60_000);

  it("coalesces a burst into one event now and one trailing event with the state after it", async () => {
    const id = await create({
      name: "Burst",
      mapping: orderMapping("#2"),
      audience: { contactIds: [(await contact("B")).id] },
    });
    const emits = countEmits(t.s.ctx, id);
    const ws = await socket(t.s.url, { cookie: t.admin.cookie });
    for (let i = 0; i < 50; i++) campaignProgressed(t.s.ctx, [id]);
    await waitFor(() => progressPending(t.s.ctx) === 0, 10_000);
    expect(emits.n).toBe(2);
    await waitFor(() => ws.events.filter((e) => e.type === "campaign.progress" && e.campaignId === id).length === 2);
    ws.close();
  }, 30_000);
});

describe.runIf(drivers.includes("postgres"))("campaign.progress across two processes", () => {
  const p = useTwoServers("7e1d".repeat(16));

  it("throttles in PostgreSQL: two processes' bursts make one leading and one trailing event", async () => {
    const admin = await loginAs(p.a.url);
    // Any campaign row will do: the event reads its status and counts.
    const [row] = (
      await p.a.ctx.database.executeSql(
        `insert into campaigns (name, channel_id, template_id, template_name, template_language, audience)
         values ('Two', gen_random_uuid(), gen_random_uuid(), 't', 'en', '{"labelIds":[],"contactIds":[]}') returning id`,
        [],
      )
    ).rows as { id: string }[];
    const id = row!.id;
    const a = countEmits(p.a.ctx, id);
    const b = countEmits(p.b.ctx, id);
    const ws = await socket(p.a.url, { cookie: admin.cookie });
    for (let i = 0; i < 10; i++) {
      campaignProgressed(p.a.ctx, [id]);
      campaignProgressed(p.b.ctx, [id]);
    }
    await waitFor(() => progressPending(p.a.ctx) === 0 && progressPending(p.b.ctx) === 0, 10_000);
    // A per-process throttle would let each process lead and trail: four.
    expect(a.n + b.n).toBe(2);
    // Wherever it was committed, the socket on A gets each one (the relay carries B's).
    await waitFor(() => ws.events.filter((e) => e.type === "campaign.progress" && e.campaignId === id).length === 2);
    ws.close();
  }, 30_000);
});
