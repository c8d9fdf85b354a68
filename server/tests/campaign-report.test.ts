import { describe, expect, it } from "vitest";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { useCampaignSuite } from "./campaigns-suite";
import { drivers, waitFor } from "./helpers";

const account: FakeAccount = {
  accountId: "106540352249202",
  secrets: { accessToken: "EAAcampreport-token", appSecret: "campreport-secret" },
  settings: {
    phoneNumberId: "106540352249202",
    wabaId: "102290129349202",
    appId: "301234567890202",
    displayPhoneNumber: "+1 555 000 9202",
  },
  webhookUrl: "",
};

describe.each(drivers)("campaign report and CSV export (%s)", (driver) => {
  const { t, contact } = useCampaignSuite(driver, account, { name: "Report number" });

  it("reports sends per minute, the send rate and failures by class with the affected recipients", async () => {
    const ok = [
      await contact("Ok One", `+9197${10000000 + t.seq++}`),
      await contact("Ok Two", `+9197${10000000 + t.seq++}`),
    ];
    const gone = await contact('Gone, "Quoted"', `+9197${10000000 + t.seq++}`);
    const tmpl = await contact("Template Bad", `+9197${10000000 + t.seq++}`);
    t.limits = { errorByNumber: { [gone.to]: 131026, [tmpl.to]: 132001 } };
    const created = await t.admin.post("/api/campaigns", {
      name: `Report ${t.seq++}`,
      channelId: t.channelId,
      templateId: t.orderUpdate,
      mapping: { body: { "1": { field: "first_name", fallback: "there" }, "2": { field: "text", value: "#42" } } },
      ratePerSecond: 50,
      audience: { contactIds: [...ok, gone, tmpl].map((c) => c.id) },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id as string;
    const empty = await t.admin.get(`/api/campaigns/${id}/stats`);
    expect(empty.status, empty.text).toBe(200);
    expect(empty.body).toMatchObject({ timeline: [], failures: [], sendRate: { current: 0, configured: 50 } });
    expect((await t.admin.post(`/api/campaigns/${id}/start`)).status).toBe(200);
    await waitFor(async () => (await t.admin.get(`/api/campaigns/${id}`)).body.status === "completed", 20_000);

    const stats = (await t.admin.get(`/api/campaigns/${id}/stats`)).body;
    const sum = (k: "sent" | "failed") =>
      stats.timeline.reduce((n: number, p: Record<string, number>) => n + (p[k] ?? 0), 0);
    expect(sum("sent")).toBe(2);
    expect(sum("failed")).toBe(2);
    for (const p of stats.timeline) expect(p.minute).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/);
    // The two sends over the 10 s window (fewer only if this machine took over 10 s to get here).
    expect(stats.sendRate.configured).toBe(50);
    expect([0, 0.1, 0.2]).toContain(stats.sendRate.current);
    const byClass = Object.fromEntries(stats.failures.map((f: { errorClass: string }) => [f.errorClass, f]));
    expect(byClass.undeliverable).toMatchObject({
      count: 1,
      recipients: [{ contactId: gone.id, phone: gone.to, errorCode: "131026" }],
    });
    expect(byClass.template.recipients).toEqual([expect.objectContaining({ contactId: tmpl.id, errorCode: "132001" })]);
    t.limits = {};
  });

  it("caps the affected recipients at 20 per class", async () => {
    const people: { id: string; to: string }[] = [];
    for (let i = 0; i < 23; i++) people.push(await contact(`Gone ${i}`, `+9196${10000000 + t.seq++}`));
    t.limits = { errorByNumber: Object.fromEntries(people.map((p) => [p.to, 131026])) };
    const created = await t.admin.post("/api/campaigns", {
      name: `Cap ${t.seq++}`,
      channelId: t.channelId,
      templateId: t.orderUpdate,
      mapping: { body: { "1": { field: "first_name", fallback: "there" }, "2": { field: "text", value: "#1" } } },
      audience: { contactIds: people.map((p) => p.id) },
    });
    const id = created.body.id as string;
    expect((await t.admin.post(`/api/campaigns/${id}/start`)).status).toBe(200);
    await waitFor(async () => (await t.admin.get(`/api/campaigns/${id}`)).body.status === "completed", 20_000);
    const stats = (await t.admin.get(`/api/campaigns/${id}/stats`)).body;
    expect(stats.failures).toHaveLength(1);
    expect(stats.failures[0]).toMatchObject({ errorClass: "undeliverable", count: 23 });
    expect(stats.failures[0].recipients).toHaveLength(20);
    t.limits = {};
  });

  it("exports every recipient as a CSV attachment with quoting and formula escaping", async () => {
    const list = await t.admin.get("/api/campaigns");
    const id = list.body.items.find((c: { name: string }) => c.name.startsWith("Report")).id as string;
    const res = await t.admin.get(`/api/campaigns/${id}/recipients.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename=".+-recipients\.csv"$/);
    const text = res.text.replace(/^\uFEFF/, "");
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe(
      "contactId,phone,variant,status,errorCode,errorClass,errorReason,attempts,sentAt,deliveredAt,readAt,repliedAt," +
        "followUpStatus,followUpErrorClass,followUpErrorReason,followUpDueAt,followUpSentAt,followUpDeliveredAt,followUpReadAt,followUpRepliedAt",
    );
    // Without a follow-up its columns stay empty.
    expect(lines.slice(1).every((l) => l.endsWith(",,,,,,,,"))).toBe(true);
    expect(lines).toHaveLength(5);
    expect(lines.slice(1).every((l) => /^[0-9a-f-]{36},\d+,a,(sent|failed),/.test(l))).toBe(true);
    expect(lines.filter((l) => l.includes(",failed,131026,undeliverable,"))).toHaveLength(1);
    const unknown = await t.admin.get("/api/campaigns/00000000-0000-4000-8000-000000000000/recipients.csv");
    expect(unknown.status).toBe(404);
  });
});
