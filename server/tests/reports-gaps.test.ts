import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { callTool, say, verdict } from "../src/features/ai/fakes/script";
import { type GapQuestion, groupQuestions } from "../src/features/analytics/knowledge-gaps";
import { useLlmScenarios } from "./ai-llm-suite";
import { Client, createWebchat, drivers, visitor, waitFor } from "./helpers";

/**
 * Unanswered questions (issue 10 §3): customers ask through the widget, the responder decides
 * through its real brains (the OpenAI fake for the model, the built-in matcher), an agent marks an
 * answer wrong through the API, and the report groups exactly those questions.
 */
describe("knowledge gaps: the grouping rule", () => {
  const q = (question: string, i: number): GapQuestion => ({
    id: `q${i}`,
    conversationId: `c${i}`,
    question,
    kind: "low_confidence",
    at: new Date(Date.UTC(2026, 0, 10 - i)),
  });
  const groups = (texts: string[]) => groupQuestions(texts.map(q)).map((g) => g.members.map((m) => m.question));

  it("a question joins the most alike group (not merely the first over the threshold)", () => {
    // Newest first: "Can I pay with bitcoin?" is alike both earlier groups, most alike the second.
    expect(
      groups(["Can I pay with bitcoin or ethereum?", "can i pay with bitcoin please", "Can I pay with bitcoin?"]),
    ).toEqual([["Can I pay with bitcoin or ethereum?"], ["can i pay with bitcoin please", "Can I pay with bitcoin?"]]);
  });

  it("rewordings group, topics that share only filler do not; case and punctuation do not matter", () => {
    expect(
      groups([
        "How do I reset my password?",
        "how to reset my password",
        "Can I pay with PayPal?",
        "Can I pay with bitcoin?",
        "Do you offer gift wrapping?",
        "Do you offer student discounts?",
        "DO YOU OFFER GIFT-WRAPPING!!",
      ]),
    ).toEqual([
      ["How do I reset my password?", "how to reset my password"],
      ["Can I pay with PayPal?"],
      ["Can I pay with bitcoin?"],
      ["Do you offer gift wrapping?", "DO YOU OFFER GIFT-WRAPPING!!"],
      ["Do you offer student discounts?"],
    ]);
  });
});

describe.each(drivers)("reports: knowledge gaps (%s)", (driver) => {
  const { t, setAi, ask, handedOff, aiPublic } = useLlmScenarios(driver);
  let channelB = "";
  const conv: Record<string, string> = {};
  let wrongAnswerId = "";
  const gaps = (query = "") => t.admin.get(`/api/reports/knowledge-gaps${query}`);
  const rowsOf = (body: any) =>
    body.rows.map((r: any) => [r.question, r.count, r.conversations, r.lowConfidence, r.notInKnowledge, r.markedWrong]);

  it("records the questions the AI could not answer, through the real responder", async () => {
    channelB = (await createWebchat(t.admin, { name: "Shop B", allowedOrigins: ["http://shop.test"] })).channel.id;
    const both = { channelIds: [t.channelId, channelB] };
    await setAi(both);
    // 1. Answered by the model on channel B, then marked wrong by the agent.
    t.openai.push(say("Refunds take 5 business days. [sources: 1]"), verdict(true));
    const vRefund = await visitor(t.s.url, channelB);
    conv.refund = (await ask(vRefund, "How long does a refund take?")).conversationId;
    await waitFor(async () => (await aiPublic(conv.refund!)).length === 1, 15000);
    wrongAnswerId = (await aiPublic(conv.refund!))[0]!.id;
    const marked = await t.agent.c.post(`/api/ai/messages/${wrongAnswerId}/feedback`, { note: "10 days now" });
    expect(marked.status, marked.text).toBe(200);
    // A second agent's verdict on the same answer counts the question once.
    expect((await t.admin.post(`/api/ai/messages/${wrongAnswerId}/feedback`, {})).status).toBe(200);

    // 2–3. The model hands off: the knowledge does not cover it (twice, reworded) — gaps.
    const handoff = async (key: string, question: string, reason: string, cause?: string) => {
      t.openai.push(
        callTool("handoff_to_human", { reason, ...(cause ? { cause } : {}), priority: "normal", summary: "" }),
      );
      const v = await visitor(t.s.url, t.channelId);
      conv[key] = (await ask(v, question)).conversationId;
      await handedOff(conv[key]!);
    };
    await handoff("gift1", "Do you offer gift wrapping?", "The knowledge base does not cover gift wrapping");
    // The tool's cause decides in any language (a reason in Spanish no English word rule would read).
    await handoff(
      "gift2",
      "do you offer gift wrapping for orders",
      "No encuentro nada sobre envolver regalos",
      "not_in_knowledge",
    );
    // 4. The model hands off an upset customer: not a knowledge gap, even when the reason's words
    // would match the fallback rule ("could not answer"): the cause says why.
    await handoff(
      "upset",
      "This is the third time I write about my parcel!",
      "The customer is upset and I could not answer calmly enough",
      "customer_upset",
    );

    // 5–7. The matcher hands off for low confidence: on A, a rewording on B, and another topic on A.
    await setAi({ ...both, provider: "matcher" });
    const low = async (key: string, channelId: string, question: string) => {
      const v = await visitor(t.s.url, channelId);
      conv[key] = (await ask(v, question)).conversationId;
      await handedOff(conv[key]!);
    };
    await low("paypal", t.channelId, "Can I pay with PayPal?");
    await low("btc1", t.channelId, "Can I pay with bitcoin?");
    await low("btc2", channelB, "can i pay with bitcoin please");
    // The matcher answers what the knowledge covers: no gap.
    const v = await visitor(t.s.url, t.channelId);
    conv.password = (await ask(v, "How do I reset my password?")).conversationId;
    await waitFor(async () => (await aiPublic(conv.password!)).length === 1, 15000);
  });

  it("groups them by similarity: count, example, last seen, per reason; the largest group first", async () => {
    const r = await gaps();
    expect(r.status, r.text).toBe(200);
    expect(r.body.questions).toBe(6);
    expect(rowsOf(r.body)).toEqual([
      // Newest question first in each group; equal counts: the most recent group first.
      ["can i pay with bitcoin please", 2, 2, 2, 0, 0],
      ["do you offer gift wrapping for orders", 2, 2, 0, 2, 0],
      ["Can I pay with PayPal?", 1, 1, 1, 0, 0],
      ["How long does a refund take?", 1, 1, 0, 0, 1],
    ]);
    const [btc, gift] = r.body.rows;
    expect(Date.parse(btc.lastSeenAt)).toBeGreaterThan(Date.parse(gift.lastSeenAt));
  });

  it("filters by channel (and a range without questions is empty)", async () => {
    expect(rowsOf((await gaps(`?channel=${channelB}`)).body)).toEqual([
      ["can i pay with bitcoin please", 1, 1, 1, 0, 0],
      ["How long does a refund take?", 1, 1, 0, 0, 1],
    ]);
    expect(rowsOf((await gaps(`?channel=${t.channelId}`)).body)).toEqual([
      ["do you offer gift wrapping for orders", 2, 2, 0, 2, 0],
      ["Can I pay with bitcoin?", 1, 1, 1, 0, 0],
      ["Can I pay with PayPal?", 1, 1, 1, 0, 0],
    ]);
    // A tag (label) on one conversation: the filter keeps only its question.
    const vip = await t.admin.post("/api/labels", { name: "vip", color: "#EF4444" });
    expect(vip.status, vip.text).toBe(201);
    expect((await t.admin.post(`/api/conversations/${conv.gift1}/labels`, { labelId: vip.body.id })).status).toBe(200);
    await waitFor(async () => (await gaps(`?tag=${vip.body.id}`)).body.questions === 1, 10000);
    expect(rowsOf((await gaps(`?tag=${vip.body.id}`)).body)).toEqual([["Do you offer gift wrapping?", 1, 1, 0, 1, 0]]);
    expect((await gaps("?tag=not-a-uuid")).status).toBe(400);
    const old = await gaps("?from=2020-01-01&to=2020-01-31");
    expect(old.body).toEqual({ rows: [], questions: 0 });
  });

  it("the drill-down returns exactly the conversations behind a group, with the filters", async () => {
    const rows = (await gaps()).body.rows;
    const ids = async (query: string) => {
      const r = await t.admin.get(`/api/reports/conversations?chart=knowledge-gaps${query}`);
      expect(r.status, r.text).toBe(200);
      expect(r.body.total).toBe(r.body.items.length);
      return r.body.items.map((i: any) => i.conversationId).sort();
    };
    expect(await ids(`&bucket=${rows[0].bucket}`)).toEqual([conv.btc1, conv.btc2].sort());
    expect(await ids(`&bucket=${rows[1].bucket}`)).toEqual([conv.gift1, conv.gift2].sort());
    expect(await ids(`&bucket=${rows[3].bucket}`)).toEqual([conv.refund]);
    expect(await ids(`&bucket=${rows[0].bucket}&channel=${channelB}`)).toEqual([conv.btc2]);
    // Without a bucket: every conversation with an unanswered question.
    expect(await ids("")).toEqual([conv.btc1, conv.btc2, conv.gift1, conv.gift2, conv.paypal, conv.refund].sort());
    for (const row of rows) expect((await ids(`&bucket=${row.bucket}`)).length).toBe(row.conversations);
    const bad = await t.admin.get("/api/reports/conversations?chart=knowledge-gaps&bucket=nope");
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("validation_failed");
  });

  it("CSV equals the JSON rows; agents only", async () => {
    const json = (await gaps()).body.rows;
    const csv = await t.admin.get("/api/reports/knowledge-gaps?format=csv");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const parsed = Papa.parse<Record<string, string>>(csv.text.replace(/^\uFEFF/, ""), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.meta.fields).toEqual(Object.keys(json[0]));
    expect(parsed.data).toEqual(
      json.map((r: any) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)]))),
    );
    expect((await new Client(t.s.url).get("/api/reports/knowledge-gaps")).status).toBe(401);
    expect((await t.agent.c.get("/api/reports/knowledge-gaps")).status).toBe(200);
    expect((await gaps("?timeZone=Mars/Base")).status).toBe(400);
  });

  it("a withdrawn verdict is no gap while another agent's stands; both withdrawn, the question leaves", async () => {
    expect((await t.agent.c.del(`/api/ai/messages/${wrongAnswerId}/feedback`)).status).toBe(204);
    expect(rowsOf((await gaps(`?channel=${channelB}`)).body)).toContainEqual([
      "How long does a refund take?",
      1,
      1,
      0,
      0,
      1,
    ]);
    expect((await t.admin.del(`/api/ai/messages/${wrongAnswerId}/feedback`)).status).toBe(204);
    expect(rowsOf((await gaps(`?channel=${channelB}`)).body)).toEqual([
      ["can i pay with bitcoin please", 1, 1, 1, 0, 0],
    ]);
  });
});
