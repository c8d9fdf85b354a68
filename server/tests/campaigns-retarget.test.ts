import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { createWhatsAppFake } from "../src/features/channels/whatsapp/fake";
import type { FakeSendLimits } from "../src/features/channels/whatsapp/fake-limits";
import { serveFake } from "./fakes";
import { bootServer, type Client, drivers, loginAs, type TestServer, waitFor } from "./helpers";

const account: FakeAccount = {
  accountId: "106540352249202",
  secrets: { accessToken: "EAAretarget-token", appSecret: "retarget-app-secret" },
  settings: {
    phoneNumberId: "106540352249202",
    wabaId: "102290129349202",
    appId: "301234567890202",
    displayPhoneNumber: "+1 555 000 9202",
  },
  webhookUrl: "",
};

describe.each(drivers)("Campaign retarget (%s)", (driver) => {
  let limits: FakeSendLimits = {};
  const fake = createWhatsAppFake({ accounts: async () => [account], autoDeliver: false, sendLimits: () => limits });
  let served: Awaited<ReturnType<typeof serveFake>>;
  let s: TestServer;
  let admin: Client;
  let channelId = "";
  let orderUpdate = "";
  let seq = 0;

  const contact = async (name: string) => {
    const number = `+9197${String(10000000 + seq++)}`;
    const r = await admin.post("/api/contacts", { name, phone: number });
    expect(r.status, r.text).toBe(201);
    return { id: r.body.id as string, to: number.replace(/\D/g, "") };
  };
  const get = async (id: string) => (await admin.get(`/api/campaigns/${id}`)).body;
  const byContact = async (id: string, contactId: string) =>
    ((await admin.get(`/api/campaigns/${id}/recipients?limit=100`)).body.items as Record<string, any>[]).find(
      (r) => r.contactId === contactId,
    )!;

  beforeAll(async () => {
    served = await serveFake(fake.router);
    s = await bootServer(driver, { WHATSAPP_API_URL: `${served.url}/v23.0` });
    account.webhookUrl = `${s.url}/webhooks/whatsapp`;
    admin = await loginAs(s.url);
    const r = await admin.post("/api/channels", {
      type: "whatsapp",
      name: "Retarget number",
      settings: account.settings,
      secrets: account.secrets,
    });
    expect(r.status, r.text).toBe(201);
    channelId = r.body.channel.id;
    const synced = await admin.post("/api/templates/sync", { channelId });
    expect(synced.status, synced.text).toBe(200);
    orderUpdate = synced.body.items.find((t: { name: string }) => t.name === "order_update").id;
  });
  afterAll(async () => {
    await s?.stop();
    await served?.close();
  });

  it("retargets a step's recipients into a new draft; an empty step is refused", async () => {
    const ok = await contact("Ada Lovelace");
    const reader = await contact("Grace Hopper");
    const bad = await contact("Alan Turing");
    limits = { errorByNumber: { [bad.to]: 131026 } }; // undeliverable: a final failure, no retry
    const created = await admin.post("/api/campaigns", {
      name: "Spring",
      channelId,
      templateId: orderUpdate,
      mapping: { body: { "1": { field: "first_name", fallback: "there" }, "2": { field: "text", value: "#7" } } },
      ratePerSecond: 5,
      audience: { contactIds: [ok.id, reader.id, bad.id] },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id as string;
    expect((await admin.post(`/api/campaigns/${id}/start`)).status).toBe(200);
    await waitFor(async () => (await get(id)).status === "completed", 15_000);
    limits = {};
    expect((await byContact(id, bad.id)).status).toBe("failed");
    const rr = await byContact(id, reader.id);
    for (const st of ["delivered", "read"] as const) {
      expect(await fake.sendStatus(account, rr.providerMessageId, reader.to, st)).toBe(200);
      await waitFor(async () => (await byContact(id, reader.id)).status === st, 10_000);
    }

    const failed = await admin.post(`/api/campaigns/${id}/retarget`, { step: "failed" });
    expect(failed.status, failed.text).toBe(201);
    expect(failed.body).toMatchObject({
      name: "Spring — retarget (failed)",
      status: "draft",
      channelId,
      templateId: orderUpdate,
      ratePerSecond: 5,
      mapping: created.body.mapping,
      audience: { labelIds: [], contactIds: [bad.id] },
    });
    expect(failed.body.id).not.toBe(id);

    const read = await admin.post(`/api/campaigns/${id}/retarget`, { step: "read_not_replied", name: "Nudge" });
    expect(read.status, read.text).toBe(201);
    expect(read.body).toMatchObject({ name: "Nudge", audience: { contactIds: [reader.id] } });
    const notReplied = await admin.post(`/api/campaigns/${id}/retarget`, { step: "not_replied" });
    expect([...notReplied.body.audience.contactIds].sort()).toEqual([ok.id, reader.id].sort());

    // Nobody was delivered without reading: refused with its own code, and no draft written.
    const before = (await admin.get("/api/campaigns")).body.items.length;
    const empty = await admin.post(`/api/campaigns/${id}/retarget`, { step: "delivered_not_read" });
    expect(empty.status, empty.text).toBe(400);
    expect(empty.body.error.code).toBe("retarget_empty");
    expect((await admin.get("/api/campaigns")).body.items.length).toBe(before);

    expect((await admin.post(`/api/campaigns/${id}/retarget`, { step: "bounced" })).status).toBe(400);
    expect((await admin.post(`/api/campaigns/${id}/retarget`, { step: "failed", extra: 1 })).status).toBe(400);
    expect((await admin.post(`/api/campaigns/${crypto.randomUUID()}/retarget`, { step: "failed" })).status).toBe(404);
  }, 60_000);
});
