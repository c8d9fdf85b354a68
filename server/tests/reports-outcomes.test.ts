import { randomUUID } from "node:crypto";
import type { Conversation } from "@switchboard/contracts";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordReportingEvent } from "../src/features/analytics";
import { bootServer, type Client, drivers, loginAs, type TestServer } from "./helpers";

// SLA outcomes and CSAT ratings as the listeners record them (external reporting events), with
// chosen times, so every number below is known exactly.
const CH_A = randomUUID();
const CH_B = randomUUID();
const AGENT = { id: randomUUID(), name: "Ada", avatarUrl: null };

function conv(
  id: string,
  createdAt: string,
  channelId = CH_A,
  assignee: Conversation["assignee"] = null,
): Conversation {
  return {
    id,
    channelId,
    channelType: "webchat",
    channelName: channelId === CH_A ? "Site" : "Other",
    contact: { id: randomUUID(), name: "Customer" } as Conversation["contact"],
    status: "open",
    snoozedUntil: null,
    priority: "normal",
    assignee,
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
  };
}

describe.each(drivers)("reports: SLA hit rate, CSAT and quality (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  const ids = Object.fromEntries(["c1", "c2", "c3", "c4", "old"].map((k) => [k, randomUUID()])) as Record<
    string,
    string
  >;
  const rec = (ev: Parameters<typeof recordReportingEvent>[1]) => recordReportingEvent(s.ctx.db, ev);
  const sla = (c: string, metric: string, outcome: "hit" | "missed", startedAt: string) =>
    rec({
      kind: "external",
      type: `sla_${outcome}`,
      conversationId: ids[c]!,
      key: `sla:${outcome}:${ids[c]}:${metric}:${startedAt}`,
      at: new Date(startedAt),
      detail: { metric },
    });
  const csat = (c: string, rating: number, at: string) =>
    rec({
      kind: "external",
      type: "csat_answered",
      conversationId: ids[c]!,
      key: `csat:${ids[c]}:${at}:rating`,
      at: new Date(at),
      detail: { rating, surveyId: randomUUID(), answer: "rating" },
    });
  // As analytics/listeners.ts records a `quality.scored` event: the overall score is the mean.
  const quality = (c: string, r: number, se: number, sv: number, at: string) =>
    rec({
      kind: "external",
      type: "quality_scored",
      conversationId: ids[c]!,
      key: `quality:${ids[c]}:${at}`,
      at: new Date(at),
      detail: { resolution: r, sentiment: se, service: sv, overall: (r + se + sv) / 3 },
    });

  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    await rec({ kind: "conversation.created", conversation: conv(ids.c1!, "2026-03-02T10:00:00.000Z", CH_A, AGENT) });
    await rec({ kind: "conversation.created", conversation: conv(ids.c2!, "2026-03-03T10:00:00.000Z", CH_A, AGENT) });
    await rec({ kind: "conversation.created", conversation: conv(ids.c3!, "2026-03-04T10:00:00.000Z", CH_B) });
    await rec({ kind: "conversation.created", conversation: conv(ids.c4!, "2026-03-05T10:00:00.000Z") });
    // Outside the range: counts nowhere.
    await rec({ kind: "conversation.created", conversation: conv(ids.old!, "2026-02-01T10:00:00.000Z") });
    await sla("c1", "firstReply", "hit", "2026-03-02T10:00:00.000Z");
    await sla("c1", "nextReply", "hit", "2026-03-02T10:10:00.000Z");
    await sla("c1", "nextReply", "missed", "2026-03-02T10:20:00.000Z");
    await sla("c1", "resolution", "hit", "2026-03-02T10:00:00.000Z");
    await sla("c2", "firstReply", "missed", "2026-03-03T10:00:00.000Z");
    await sla("c3", "firstReply", "hit", "2026-03-04T10:00:00.000Z");
    await sla("c3", "firstReply", "hit", "2026-03-04T10:00:00.000Z"); // redelivered: once
    await sla("old", "firstReply", "missed", "2026-02-01T10:00:00.000Z");
    await csat("c1", 5, "2026-03-02T12:00:00.000Z");
    await csat("c2", 1, "2026-03-03T12:00:00.000Z");
    await csat("c2", 2, "2026-03-03T13:00:00.000Z"); // changed the answer: the latest counts
    await csat("c3", 5, "2026-03-04T12:00:00.000Z");
    await csat("old", 3, "2026-02-01T12:00:00.000Z");
    for (const c of ["c1", "c2", "c3", "c4", "old"])
      await rec({
        kind: "external",
        type: "csat_sent",
        conversationId: ids[c]!,
        key: `csat:${ids[c]}:sent`,
        at: new Date("2026-03-06T09:00:00.000Z"),
        detail: {},
      });
    // c1 and c4 resolved: c1 has a rating, c4 none (coverage 1 of 2).
    for (const c of ["c1", "c4"])
      await rec({
        kind: "conversation.updated",
        conversation: {
          ...conv(ids[c]!, "2026-03-02T10:00:00.000Z", CH_A, c === "c1" ? AGENT : null),
          status: "resolved",
        },
        previous: { status: "open", assignee: c === "c1" ? AGENT : null },
        at: new Date("2026-03-06T10:00:00.000Z"),
      });
    await quality("c1", 5, 5, 4, "2026-03-02T12:00:00.000Z"); // 4.67 -> 5
    await quality("c2", 2, 2, 2, "2026-03-03T12:00:00.000Z");
    await quality("c2", 3, 3, 4, "2026-03-03T14:00:00.000Z"); // rescored: the latest counts, 3.33 -> 3
    await quality("c4", 1, 2, 1, "2026-03-05T12:00:00.000Z"); // 1.33 -> 1
    await quality("old", 5, 5, 5, "2026-02-01T12:00:00.000Z");
  });
  afterAll(() => s.stop());

  const range = "from=2026-03-01&to=2026-03-07&timeZone=UTC";
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

  it("SLA hit rate per target, every target listed, with filters and drill-downs", async () => {
    const r = await get(`/api/reports/sla?${range}`);
    expect(r.rows).toEqual([
      { bucket: "firstReply", metric: "firstReply", hit: 2, missed: 1, hitRate: 2 / 3, conversations: 3 },
      { bucket: "nextReply", metric: "nextReply", hit: 1, missed: 1, hitRate: 0.5, conversations: 1 },
      { bucket: "periodicUpdate", metric: "periodicUpdate", hit: 0, missed: 0, hitRate: null, conversations: 0 },
      { bucket: "resolution", metric: "resolution", hit: 1, missed: 0, hitRate: 1, conversations: 1 },
      // The ticket status clocks (requester wait, agent work time) are listed even with no data.
      { bucket: "requesterWait", metric: "requesterWait", hit: 0, missed: 0, hitRate: null, conversations: 0 },
      { bucket: "agentWork", metric: "agentWork", hit: 0, missed: 0, hitRate: null, conversations: 0 },
    ]);
    const b = await get(`/api/reports/sla?${range}&channel=${CH_B}`);
    expect(b.rows[0]).toMatchObject({ hit: 1, missed: 0, hitRate: 1 });
    expect(await drill("sla", "firstReply")).toEqual(idsOf("c1", "c2", "c3"));
    expect(await drill("sla", "firstReply:missed")).toEqual(idsOf("c2"));
    expect(await drill("sla", "nextReply:hit")).toEqual(idsOf("c1"));
    expect(await drill("sla", "firstReply", `&channel=${CH_A}`)).toEqual(idsOf("c1", "c2"));
  });

  it("CSAT distribution by latest rating, answered and average", async () => {
    const r = await get(`/api/reports/csat?${range}`);
    expect(r.rows).toEqual(
      [1, 2, 3, 4, 5].map((n) => ({ bucket: String(n), rating: n, conversations: [0, 1, 0, 0, 2][n - 1] })),
    );
    expect(r.answered).toBe(3);
    expect(r.average).toBe(4);
    // Surveyed c1–c4 (old is outside the range), 3 answered; resolved c1 (rated) and c4 (not).
    expect(r).toMatchObject({ surveyed: 4, resolved: 2, responseRate: 0.75, coverage: 0.5 });
    expect(await drill("csat", "5")).toEqual(idsOf("c1", "c3"));
    expect(await drill("csat", "1")).toEqual([]);
    expect(await drill("csat", "2")).toEqual(idsOf("c2"));
  });

  it("quality distribution by latest overall score, scored, averages per dimension", async () => {
    const r = await get(`/api/reports/quality?${range}`);
    expect(r.rows).toEqual(
      [1, 2, 3, 4, 5].map((n) => ({ bucket: String(n), score: n, conversations: [1, 0, 1, 0, 1][n - 1] })),
    );
    expect(r.scored).toBe(3);
    expect(r.average).toBeCloseTo((14 / 3 + 10 / 3 + 4 / 3) / 3, 10);
    expect(r.dimensions.resolution).toBeCloseTo(3, 10);
    expect(r.dimensions.sentiment).toBeCloseTo(10 / 3, 10);
    expect(r.dimensions.service).toBeCloseTo(3, 10);
    expect(await drill("quality", "5")).toEqual(idsOf("c1"));
    expect(await drill("quality", "3")).toEqual(idsOf("c2"));
    expect(await drill("quality", "1")).toEqual(idsOf("c4"));
    expect(await drill("quality", "2")).toEqual([]);
    expect((await admin.get(`/api/reports/conversations?${range}&chart=quality&bucket=0`)).status).toBe(400);
  });

  it("the agent table carries each agent's CSAT, SLA hit rate and quality", async () => {
    const r = await get(`/api/reports/agents?${range}`);
    const ada = r.rows.find((x: { agentId: string | null }) => x.agentId === AGENT.id);
    const none = r.rows.find((x: { bucket: string }) => x.bucket === "none");
    // Ada: c1 (CSAT 5; SLA hit, hit, missed, hit; quality 14/3) and c2 (CSAT 2; SLA missed; quality 10/3).
    expect(ada).toMatchObject({
      handled: 2,
      csatAnswered: 2,
      csatAverage: 3.5,
      slaHit: 3,
      slaMissed: 2,
      slaHitRate: 0.6,
      qualityScored: 2,
    });
    expect(ada.qualityAverage).toBeCloseTo(4, 10);
    // Nobody assigned: c3 (CSAT 5, SLA hit) and c4 (quality 4/3).
    expect(none).toMatchObject({ handled: 2, csatAnswered: 1, csatAverage: 5, slaHit: 1, slaMissed: 0, slaHitRate: 1 });
    expect(none.qualityAverage).toBeCloseTo(4 / 3, 10);
  });

  it("CSV equals the chart's rows; each row's drill-down has exactly its count", async () => {
    for (const chart of ["sla", "csat", "quality"]) {
      const json = await get(`/api/reports/${chart}?${range}`);
      const r = await admin.get(`/api/reports/${chart}?${range}&format=csv`);
      expect(r.headers.get("content-type")).toContain("text/csv");
      const parsed = Papa.parse<Record<string, string>>(r.text.replace(/^\uFEFF/, "").trim(), { header: true });
      const expected = json.rows.map((row: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? "" : String(v)])),
      );
      expect(parsed.data, chart).toEqual(expected);
      for (const row of json.rows) {
        const d = await get(
          `/api/reports/conversations?${range}&chart=${chart}&bucket=${encodeURIComponent(row.bucket)}`,
        );
        expect(d.total, `${chart} ${row.bucket}`).toBe(row.conversations);
      }
    }
  });

  it("rejects unknown buckets", async () => {
    expect((await admin.get(`/api/reports/conversations?${range}&chart=sla&bucket=speed`)).status).toBe(400);
    expect((await admin.get(`/api/reports/conversations?${range}&chart=sla&bucket=firstReply:late`)).status).toBe(400);
    expect((await admin.get(`/api/reports/conversations?${range}&chart=csat&bucket=6`)).status).toBe(400);
  });
});
