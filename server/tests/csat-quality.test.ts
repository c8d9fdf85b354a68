import { parseCsatText } from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAiFake } from "../src/features/ai/fakes/openai-fake";
import { type FakeModelServer, say, serverError } from "../src/features/ai/fakes/script";
import { csatSurveys, qualityScores } from "../src/features/csat/schema";
import { bootServer, type Client, createWebchat, drivers, loginAs, type TestServer, visitor, waitFor } from "./helpers";

/**
 * Issue 10 §5: every resolved conversation gets a quality score from the configured model (a
 * typed job, a cheap model, bounded retries) or is marked skipped with the reason; the widget asks
 * with stars and records the visitor's answer and comment.
 */
const KEY = "sk-csat-quality-0001";

describe("parseCsatText", () => {
  it("reads digits, stars and a comment after a separator; sentences are not ratings", () => {
    expect(parseCsatText("4")).toEqual({ rating: 4, comment: null });
    expect(parseCsatText(" 4 - great ")).toEqual({ rating: 4, comment: "great" });
    expect(parseCsatText("5/5")).toEqual({ rating: 5, comment: null });
    expect(parseCsatText("3: ok I guess")).toEqual({ rating: 3, comment: "ok I guess" });
    expect(parseCsatText("★★★★")).toEqual({ rating: 4, comment: null });
    expect(parseCsatText("⭐️⭐️ slow")).toEqual({ rating: 2, comment: "slow" });
    expect(parseCsatText("5 minutes ago I ordered")).toBeNull();
    expect(parseCsatText("6")).toBeNull();
    expect(parseCsatText("0")).toBeNull();
    expect(parseCsatText("thanks")).toBeNull();
    expect(parseCsatText("★★★★★★")).toBeNull();
  });
});

describe.each(drivers)("quality score and widget stars (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let openai: FakeModelServer;
  let channelId = "";
  const scores: { status: string; conversationId: string }[] = [];

  beforeAll(async () => {
    openai = await startOpenAiFake({ key: KEY });
    s = await bootServer(driver, { OPENAI_BASE_URL: `${openai.url}/v1`, AI_TIMEOUT_SECONDS: "5", AI_MAX_RETRIES: "1" });
    s.ctx.bus.on("quality.scored", (e) => void scores.push(e.score));
    admin = await loginAs(s.url);
    channelId = (await createWebchat(admin, { allowedOrigins: ["http://shop.test"] })).channel.id;
    expect((await admin.req("PUT", "/api/csat/settings", { channels: { webchat: true } })).status).toBe(200);
  });
  afterAll(async () => {
    await s?.stop();
    await openai?.close();
  });

  const scoreOf = async (conversationId: string) =>
    (await s.ctx.db.select().from(qualityScores).where(eq(qualityScores.conversationId, conversationId)))[0];
  const surveyOf = async (conversationId: string) =>
    (await s.ctx.db.select().from(csatSurveys).where(eq(csatSurveys.conversationId, conversationId)))[0];

  async function resolvedChat(text: string) {
    const v = await visitor(s.url, channelId, { name: "Vi" });
    const r = await v.post("/api/widget/messages", { content: text });
    expect(r.status, r.text).toBe(201);
    const id = r.body.conversationId as string;
    expect((await admin.post(`/api/conversations/${id}/messages`, { content: "Done: refunded." })).status).toBe(201);
    expect((await admin.patch(`/api/conversations/${id}`, { status: "resolved" })).status).toBe(200);
    return { v, id };
  }

  it("without a language model the score is skipped with the reason", async () => {
    const { id } = await resolvedChat("I want a refund");
    await waitFor(async () => (await scoreOf(id))?.status === "skipped", 15_000);
    expect((await scoreOf(id))!.reason).toContain("No language model is configured");
    expect(scores).toContainEqual(expect.objectContaining({ status: "skipped", conversationId: id }));
    expect(openai.requests).toHaveLength(0);
  });

  it("the widget shows the survey; the visitor's stars and comment are recorded on it", async () => {
    const { v, id } = await resolvedChat("Where is my parcel?");
    await waitFor(async () => (await surveyOf(id))?.status === "sent", 15_000);
    // The dashboard counts it as surveyed (analytics records csat.sent).
    await waitFor(async () => (await admin.get("/api/reports/csat")).body.surveyed >= 1, 10_000);
    const items = (await v.get(`/api/widget/conversations/${id}/messages`)).body.items as any[];
    const ask = items.find((m) => m.survey);
    expect(ask).toMatchObject({ from: "system", survey: { id: (await surveyOf(id))!.id } });
    const stars = await v.post(`/api/widget/csat/${ask.survey.id}`, { rating: 5 });
    expect(stars.status, stars.text).toBe(200);
    expect(stars.body).toMatchObject({ status: "answered", rating: 5, comment: null });
    const comment = await v.post(`/api/widget/csat/${ask.survey.id}`, { rating: 5, comment: "Lovely" });
    expect(comment.body).toMatchObject({ rating: 5, comment: "Lovely" });
    // Another visitor cannot answer it.
    const other = await visitor(s.url, channelId, { name: "Other" });
    await other.post("/api/widget/messages", { content: "hi" });
    expect((await other.post(`/api/widget/csat/${ask.survey.id}`, { rating: 1 })).status).toBe(404);
    expect((await surveyOf(id))!.rating).toBe(5);
  });

  it("with a provider: scored by the cheap model from its structured answer; a 500 is retried", async () => {
    const put = await admin.req("PUT", "/api/ai/settings", { provider: "openai", apiKey: KEY, enabled: false });
    expect(put.status, put.text).toBe(200);
    openai.reset();
    openai.push(
      serverError(500),
      say(JSON.stringify({ resolution: 5, sentiment: 4, service: 5, reason: "Refund issued quickly and politely." })),
    );
    const { id } = await resolvedChat("Please refund order 42");
    await waitFor(async () => (await scoreOf(id))?.status === "scored", 20_000);
    expect(await scoreOf(id)).toMatchObject({
      resolution: 5,
      sentiment: 4,
      service: 5,
      reason: "Refund issued quickly and politely.",
      provider: "openai",
      model: "gpt-5-nano",
    });
    expect(openai.requests).toHaveLength(2);
    expect(openai.requests[1]!.body.model).toBe("gpt-5-nano");
    expect(JSON.stringify(openai.requests[1]!.body.messages)).toContain("Please refund order 42");
    const panel = await admin.get(`/api/conversations/${id}/csat`);
    expect(panel.body.quality[0]).toMatchObject({ status: "scored", resolution: 5 });
    // The dashboard hears it (analytics records quality.scored): this conversation's overall 14/3 -> 5.
    const drill = async () =>
      (await admin.get(`/api/reports/conversations?chart=quality&bucket=5`)).body.items.map(
        (i: { conversationId: string }) => i.conversationId,
      );
    await waitFor(async () => (await drill()).includes(id), 10_000);
    const report = await admin.get("/api/reports/quality");
    expect(report.status, report.text).toBe(200);
    expect(report.body.scored).toBeGreaterThanOrEqual(1);
  });

  it("a provider that keeps failing: the job retries, then the score is marked failed with the reason", async () => {
    const put = await admin.req("PUT", "/api/ai/settings", { provider: "openai", apiKey: KEY, enabled: false });
    expect(put.status, put.text).toBe(200);
    openai.reset();
    openai.fallback = serverError(503);
    const { id } = await resolvedChat("Cancel my plan");
    await waitFor(async () => (await scoreOf(id))?.status === "failed", 60_000);
    expect((await scoreOf(id))!.reason).toBeTruthy();
    // Each run makes the call and its one retry; the job runs 3 times in all.
    expect(openai.requests.length).toBe(6);
  }, 90_000);
});
