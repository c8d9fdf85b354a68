import { describe, expect, it } from "vitest";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { useCampaignSuite } from "./campaigns-suite";
import { drivers, waitFor } from "./helpers";

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
  const { t, fake, contact, get, byContact } = useCampaignSuite(driver, account, { name: "Retarget number" });

  it("retargets a step's recipients into a new draft; an empty step is refused", async () => {
    const ok = await contact("Ada Lovelace");
    const reader = await contact("Grace Hopper");
    const bad = await contact("Alan Turing");
    t.limits = { errorByNumber: { [bad.to]: 131026 } }; // undeliverable: a final failure, no retry
    const created = await t.admin.post("/api/campaigns", {
      name: "Spring",
      channelId: t.channelId,
      templateId: t.orderUpdate,
      mapping: { body: { "1": { field: "first_name", fallback: "there" }, "2": { field: "text", value: "#7" } } },
      ratePerSecond: 5,
      audience: { contactIds: [ok.id, reader.id, bad.id] },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id as string;
    expect((await t.admin.post(`/api/campaigns/${id}/start`)).status).toBe(200);
    await waitFor(async () => (await get(id)).status === "completed", 15_000);
    t.limits = {};
    expect((await byContact(id, bad.id)).status).toBe("failed");
    const rr = await byContact(id, reader.id);
    for (const st of ["delivered", "read"] as const) {
      expect(await fake.sendStatus(account, rr.providerMessageId, reader.to, st)).toBe(200);
      await waitFor(async () => (await byContact(id, reader.id)).status === st, 10_000);
    }

    const failed = await t.admin.post(`/api/campaigns/${id}/retarget`, { step: "failed" });
    expect(failed.status, failed.text).toBe(201);
    expect(failed.body).toMatchObject({
      name: "Spring — retarget (failed)",
      status: "draft",
      channelId: t.channelId,
      templateId: t.orderUpdate,
      ratePerSecond: 5,
      mapping: created.body.mapping,
      audience: { labelIds: [], contactIds: [bad.id] },
    });
    expect(failed.body.id).not.toBe(id);

    const read = await t.admin.post(`/api/campaigns/${id}/retarget`, { step: "read_not_replied", name: "Nudge" });
    expect(read.status, read.text).toBe(201);
    expect(read.body).toMatchObject({ name: "Nudge", audience: { contactIds: [reader.id] } });
    const notReplied = await t.admin.post(`/api/campaigns/${id}/retarget`, { step: "not_replied" });
    expect([...notReplied.body.audience.contactIds].sort()).toEqual([ok.id, reader.id].sort());

    // Nobody was delivered without reading: refused with its own code, and no draft written.
    const before = (await t.admin.get("/api/campaigns")).body.items.length;
    const empty = await t.admin.post(`/api/campaigns/${id}/retarget`, { step: "delivered_not_read" });
    expect(empty.status, empty.text).toBe(400);
    expect(empty.body.error.code).toBe("retarget_empty");
    expect((await t.admin.get("/api/campaigns")).body.items.length).toBe(before);

    expect((await t.admin.post(`/api/campaigns/${id}/retarget`, { step: "bounced" })).status).toBe(400);
    expect((await t.admin.post(`/api/campaigns/${id}/retarget`, { step: "failed", extra: 1 })).status).toBe(400);
    expect((await t.admin.post(`/api/campaigns/${crypto.randomUUID()}/retarget`, { step: "failed" })).status).toBe(404);
  }, 60_000);
});
