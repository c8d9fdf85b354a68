import { randomUUID } from "node:crypto";
import type { Conversation, Message } from "@switchboard/contracts";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordReportingEvent } from "../src/features/analytics";
import { bootServer, type Client, drivers, loginAs, type TestServer } from "./helpers";

// Conversations built straight from bus-event payloads with explicit times (the listeners pass
// `new Date()`; here every time is chosen), so every metric below is known exactly.
const CH_A = randomUUID();
const CH_B = randomUUID();
const X = { id: randomUUID(), name: "Xena", avatarUrl: null };
const Y = { id: randomUUID(), name: "Yuri", avatarUrl: null };

function conv(id: string, createdAt: string, over: Partial<Conversation> = {}): Conversation {
  const b = over.channelId === CH_B;
  return {
    id,
    channelId: CH_A,
    channelType: b ? "whatsapp" : "webchat",
    channelName: b ? "WhatsApp" : "Site",
    contact: { id: randomUUID(), name: `Customer ${id.slice(0, 4)}` } as Conversation["contact"],
    status: "open",
    snoozedUntil: null,
    priority: "normal",
    assignee: null,
    team: null,
    handler: "none",
    queuedAt: null,
    lastMessageAt: createdAt,
    lastMessagePreview: "",
    lastMessageSender: null,
    labels: [],
    waitingSince: null,
    lastInboundAt: null,
    replyWindow: { open: true, closesAt: null, rule: "none", templatesOnly: false },
    unreadCount: 0,
    createdAt,
    ...over,
  };
}
function msg(c: Conversation, at: string, senderType: Message["senderType"], over: Partial<Message> = {}): Message {
  return {
    id: randomUUID(),
    conversationId: c.id,
    direction: senderType === "customer" ? "inbound" : "outbound",
    senderType,
    sender: { id: null, name: null, avatarUrl: null },
    private: false,
    kind: "text",
    metadata: {},
    content: "hi",
    attachments: [],
    status: "sent",
    error: null,
    createdAt: at,
    ...over,
  };
}

describe.each(drivers)("reports metrics (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  const ids: Record<string, string> = Object.fromEntries(["c1", "c2", "c3", "c4", "c5"].map((k) => [k, randomUUID()]));
  const rec = (ev: Parameters<typeof recordReportingEvent>[1]) => recordReportingEvent(s.ctx.db, ev);
  const created = (c: Conversation) => rec({ kind: "conversation.created", conversation: c });
  const message = (c: Conversation, m: Message) => rec({ kind: "message.created", message: m, conversation: c });
  const resolve = (c: Conversation, at: string) =>
    rec({
      kind: "conversation.updated",
      conversation: { ...c, status: "resolved" },
      previous: { status: "open", assignee: c.assignee },
      at: new Date(at),
    });
  let redelivered: Message;
  let c5: Conversation;

  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    // c1: Monday 09:00 New York. The AI answers, hands off at 14:05Z, Xena replies at 14:15Z, resolved 15:00Z.
    const c1 = conv(ids.c1!, "2026-03-02T14:00:00.000Z", { handler: "ai" });
    await created(c1);
    await message(c1, msg(c1, "2026-03-02T14:00:00.000Z", "customer"));
    await message(c1, msg(c1, "2026-03-02T14:01:00.000Z", "ai"));
    const c1h = { ...c1, handler: "human" as const };
    await rec({
      kind: "conversation.handoff",
      conversation: c1h,
      rule: "low_confidence",
      reason: "No answer",
      at: new Date("2026-03-02T14:05:00.000Z"),
    });
    const c1x = { ...c1h, assignee: X };
    await rec({
      kind: "conversation.updated",
      conversation: c1x,
      previous: { status: "open", assignee: null },
      at: new Date("2026-03-02T14:06:00.000Z"),
    });
    await message(c1x, msg(c1x, "2026-03-02T14:15:00.000Z", "agent"));
    await resolve(c1x, "2026-03-02T15:00:00.000Z");
    // c2: Monday 23:30 New York (Tuesday 04:30Z), outside office hours: Yuri replies after 1 h, resolved 10:00Z.
    const c2 = conv(ids.c2!, "2026-03-03T04:30:00.000Z", { assignee: Y });
    await created(c2);
    await message(c2, msg(c2, "2026-03-03T04:30:00.000Z", "customer"));
    await message(c2, msg(c2, "2026-03-03T05:30:00.000Z", "agent"));
    await resolve(c2, "2026-03-03T10:00:00.000Z");
    // c3: WhatsApp, the AI answers, resolution assumed after silence, then closed: resolved by the AI.
    const c3 = conv(ids.c3!, "2026-03-03T15:00:00.000Z", { channelId: CH_B, handler: "ai" });
    await created(c3);
    await message(c3, msg(c3, "2026-03-03T15:00:00.000Z", "customer"));
    const a3 = msg(c3, "2026-03-03T15:00:30.000Z", "ai");
    await message(c3, a3);
    await rec({
      kind: "ai.resolution",
      conversationId: c3.id,
      resolution: "assumed",
      source: "silence",
      messageId: a3.id,
      at: new Date("2026-03-03T15:30:00.000Z"),
    });
    await resolve({ ...c3, handler: "none" }, "2026-03-03T16:00:00.000Z");
    // c4: WhatsApp, the AI answers, the customer confirms; still open.
    const c4 = conv(ids.c4!, "2026-03-03T16:00:00.000Z", { channelId: CH_B, handler: "ai" });
    await created(c4);
    await message(c4, msg(c4, "2026-03-03T16:00:00.000Z", "customer"));
    const a4 = msg(c4, "2026-03-03T16:01:00.000Z", "ai");
    await message(c4, a4);
    await rec({
      kind: "ai.resolution",
      conversationId: c4.id,
      resolution: "confirmed",
      source: "widget",
      messageId: a4.id,
      at: new Date("2026-03-03T16:10:00.000Z"),
    });
    // c5: Wednesday, Xena's private note is no response (nor a counted message); her reply at 14:20Z is; a second exchange waits 10 min.
    c5 = conv(ids.c5!, "2026-03-04T14:00:00.000Z", { assignee: X });
    await created(c5);
    await message(c5, msg(c5, "2026-03-04T14:00:00.000Z", "customer"));
    await message(c5, msg(c5, "2026-03-04T14:01:00.000Z", "agent", { private: true }));
    redelivered = msg(c5, "2026-03-04T14:20:00.000Z", "agent");
    await message(c5, redelivered);
    await message(c5, msg(c5, "2026-03-04T14:30:00.000Z", "customer"));
    await message(c5, msg(c5, "2026-03-04T14:40:00.000Z", "agent"));
  });
  afterAll(() => s.stop());

  const range = "from=2026-03-01&to=2026-03-07&timeZone=America/New_York";
  const get = async (path: string) => {
    const r = await admin.get(path);
    expect(r.status, r.text).toBe(200);
    return r.body;
  };
  const drill = async (chart: string, bucket: string, extra = "") =>
    (
      (await get(`/api/reports/conversations?${range}${extra}&chart=${chart}&bucket=${encodeURIComponent(bucket)}`))
        .items as { conversationId: string }[]
    )
      .map((i) => i.conversationId)
      .sort();
  const idsOf = (...names: string[]) => names.map((n) => ids[n]!).sort();

  it("a redelivered event counts once", async () => {
    expect(await message(c5, redelivered)).toEqual([]);
    const facts = (await get(`/api/reports/conversations?${range}&chart=agents&bucket=${X.id}`)).items;
    const f5 = facts.find((f: { conversationId: string }) => f.conversationId === ids.c5);
    expect(f5).toMatchObject({ messagesIn: 2, messagesOut: 2, firstResponseSeconds: 1200 });
    const n = await s.ctx.database.executeSql(
      "select count(*)::int as n from reporting_events where conversation_id = $1 and type = 'reply'",
      [ids.c5],
    );
    expect((n.rows[0] as { n: number }).n).toBe(2);
  });

  it("conversations by channel per day in the requested zone, and the same in UTC", async () => {
    const ny = await get(`/api/reports/volume?${range}`);
    expect(ny.rows.map((r: any) => [r.day, r.channelName, r.conversations])).toEqual([
      ["2026-03-02", "Site", 2],
      ["2026-03-03", "WhatsApp", 2],
      ["2026-03-04", "Site", 1],
    ]);
    const utc = await get("/api/reports/volume?from=2026-03-01&to=2026-03-07&timeZone=UTC");
    expect(utc.rows.map((r: any) => [r.day, r.channelName, r.conversations])).toEqual([
      ["2026-03-02", "Site", 1],
      ["2026-03-03", "Site", 1],
      ["2026-03-03", "WhatsApp", 2],
      ["2026-03-04", "Site", 1],
    ]);
    expect(await drill("volume", `2026-03-02|${CH_A}`)).toEqual(idsOf("c1", "c2"));
    expect(await drill("volume", "2026-03-03")).toEqual(idsOf("c3", "c4"));
  });

  it("first response (humans only, from the handoff) and resolution: median and p90, calendar and business", async () => {
    const cal = await get(`/api/reports/response-times?${range}`);
    expect(cal.rows).toEqual([
      {
        bucket: "2026-03-02",
        day: "2026-03-02",
        responded: 2,
        firstResponseMedian: 2100,
        firstResponseP90: 3300,
        resolved: 2,
        resolutionMedian: 11700,
        resolutionP90: 18180,
      },
      {
        bucket: "2026-03-03",
        day: "2026-03-03",
        responded: 0,
        firstResponseMedian: null,
        firstResponseP90: null,
        resolved: 1,
        resolutionMedian: 3600,
        resolutionP90: 3600,
      },
      {
        bucket: "2026-03-04",
        day: "2026-03-04",
        responded: 1,
        firstResponseMedian: 1200,
        firstResponseP90: 1200,
        resolved: 0,
        resolutionMedian: null,
        resolutionP90: null,
      },
    ]);
    // Office hours Mon–Fri 09–17 UTC: c2's night reply took no business time, its resolution one hour.
    const biz = await get(`/api/reports/response-times?${range}&hours=business`);
    expect(biz.rows[0]).toMatchObject({
      firstResponseMedian: 300,
      firstResponseP90: 540,
      resolutionMedian: 3600,
      resolutionP90: 3600,
    });
    expect(await drill("response-times", "first_response:2026-03-02")).toEqual(idsOf("c1", "c2"));
    expect(await drill("response-times", "first_response:2026-03-03")).toEqual([]);
    expect(await drill("response-times", "resolution:2026-03-03")).toEqual(idsOf("c3"));
  });

  it("AI funnel: involvement, confirmed and assumed apart, automation, handoff reasons; resolved by AI vs human", async () => {
    const f = await get(`/api/reports/ai-funnel?${range}`);
    expect(f.rows.map((r: any) => [r.bucket, r.conversations])).toEqual([
      ["all", 5],
      ["involved", 3],
      ["confirmed", 1],
      ["assumed", 1],
      ["unresolved", 0],
      ["handoff", 1],
      ["handoff:low_confidence", 1],
    ]);
    expect(f.rates.involvement).toBeCloseTo(0.6, 12);
    expect(f.rates.resolution).toBeCloseTo(2 / 3, 12);
    expect(f.rates.confirmedResolution).toBeCloseTo(1 / 3, 12);
    expect(f.rates.automation).toBeCloseTo(0.4, 12);
    expect(await drill("ai-funnel", "involved")).toEqual(idsOf("c1", "c3", "c4"));
    expect(await drill("ai-funnel", "assumed")).toEqual(idsOf("c3"));
    expect(await drill("ai-funnel", "handoff:low_confidence")).toEqual(idsOf("c1"));
    const all = (await get(`/api/reports/conversations?${range}`)).items as any[];
    const by = Object.fromEntries(all.map((x) => [x.conversationId, x.resolvedBy]));
    expect([by[ids.c1!], by[ids.c2!], by[ids.c3!], by[ids.c4!]]).toEqual(["human", "human", "ai", null]);
    expect(all.find((x) => x.conversationId === ids.c1)).toMatchObject({
      handoffRule: "low_confidence",
      firstResponseSeconds: 600,
      aiInvolved: true,
      handledBy: "human",
    });
  });

  it("busiest hours by local weekday and hour", async () => {
    const h = await get(`/api/reports/heatmap?${range}`);
    expect(h.rows.map((r: any) => r.bucket)).toEqual(["1:9", "1:23", "2:10", "2:11", "3:9"]);
    expect(await drill("heatmap", "1:23")).toEqual(idsOf("c2"));
  });

  it("agent and channel tables, with filters", async () => {
    const a = await get(`/api/reports/agents?${range}`);
    expect(
      a.rows.map((r: any) => [r.agentName, r.handled, r.resolved, r.firstResponseMedian, r.resolutionMedian]),
    ).toEqual([
      ["Xena", 2, 1, 900, 3600],
      [null, 2, 1, null, 3600],
      ["Yuri", 1, 1, 3600, 19800],
    ]);
    expect(await drill("agents", X.id)).toEqual(idsOf("c1", "c5"));
    expect(await drill("agents", "none")).toEqual(idsOf("c3", "c4"));
    const c = await get(`/api/reports/channels?${range}`);
    expect(c.rows.map((r: any) => [r.channelName, r.conversations, r.resolved, r.aiInvolved, r.aiResolved])).toEqual([
      ["Site", 3, 2, 1, 0],
      ["WhatsApp", 2, 1, 2, 2],
    ]);
    expect(await drill("channels", CH_B)).toEqual(idsOf("c3", "c4"));
    const onlyB = await get(`/api/reports/volume?${range}&channel=${CH_B}`);
    expect(onlyB.rows.map((r: any) => r.channelId)).toEqual([CH_B]);
    expect(await drill("agents", X.id, `&channel=${CH_B}`)).toEqual([]);
  });

  it("every chart's CSV equals its JSON rows, and each row's drill-down has exactly its count", async () => {
    for (const chart of ["volume", "response-times", "ai-funnel", "heatmap", "agents", "channels"]) {
      const json = await get(`/api/reports/${chart}?${range}`);
      const r = await admin.get(`/api/reports/${chart}?${range}&format=csv`);
      expect(r.headers.get("content-type")).toContain("text/csv");
      const parsed = Papa.parse<Record<string, string>>(r.text.replace(/^\uFEFF/, "").trim(), { header: true });
      const expected = json.rows.map((row: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? "" : String(v)])),
      );
      // escapeFormulae prefixes a leading "-" or "="; none of these values start with one.
      expect(parsed.data, chart).toEqual(expected);
      for (const row of json.rows) {
        const n = row.conversations ?? row.handled ?? row.responded;
        const bucket = chart === "response-times" ? `first_response:${row.bucket}` : row.bucket;
        const d = await get(`/api/reports/conversations?${range}&chart=${chart}&bucket=${encodeURIComponent(bucket)}`);
        expect(d.total, `${chart} ${bucket}`).toBe(n);
      }
    }
    const facts = await admin.get(`/api/reports/conversations?${range}&format=csv`);
    const rows = Papa.parse<Record<string, string>>(facts.text.replace(/^\uFEFF/, "").trim(), { header: true }).data;
    expect(rows.map((x) => x.conversationId).sort()).toEqual(idsOf("c1", "c2", "c3", "c4", "c5"));
  });

  it("rejects a bad zone, an unknown bucket and a reversed range", async () => {
    expect((await admin.get("/api/reports/volume?timeZone=Mars/Olympus")).status).toBe(400);
    expect((await admin.get(`/api/reports/conversations?${range}&chart=heatmap&bucket=9:99`)).status).toBe(400);
    expect((await admin.get("/api/reports/volume?from=2026-03-05&to=2026-03-01")).status).toBe(400);
  });
});
