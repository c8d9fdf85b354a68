import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { aiDecisions, aiSettings } from "../src/features/ai/schema";
import { messageTemplates } from "../src/features/channels/schema";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { surveyButtonId } from "../src/features/channels/survey-buttons";
import { csatSurveys } from "../src/features/csat/schema";
import { conversations } from "../src/features/inbox/schema";
import { drivers, type TestServer, waitFor } from "./helpers";
import { useTelegramChannel } from "./telegram-suite";
import { useWhatsAppChannel, account as waAccount } from "./whatsapp-suite";

/**
 * Issue 10 §5: after a resolution the customer is asked for a 1-5 rating on their channel, in the
 * form the adapter declares (a WhatsApp list inside the window, a template outside it; a Telegram
 * inline keyboard), once per resolution; the answer (a tap or a parsed text) and a follow-up comment
 * are recorded on the survey and never reopen the conversation nor reach the AI.
 */
const surveysOf = (s: TestServer, conversationId: string) =>
  s.ctx.db
    .select()
    .from(csatSurveys)
    .where(eq(csatSurveys.conversationId, conversationId))
    .orderBy(csatSurveys.createdAt);

function recordAnswered(s: TestServer) {
  const events: { kind: string; rating: number | null; comment: string | null; surveyId: string }[] = [];
  s.ctx.bus.on(
    "csat.answered",
    (e) =>
      void events.push({ kind: e.kind, rating: e.survey.rating, comment: e.survey.comment, surveyId: e.survey.id }),
  );
  return events;
}

describe.each(drivers)("CSAT on WhatsApp (%s)", (driver) => {
  const w = useWhatsAppChannel(driver);
  let answered: ReturnType<typeof recordAnswered>;
  const bodyOf = (c: { body: unknown }) => c.body as Record<string, any>;
  const sendsTo = (waId: string) =>
    w.fake.calls.filter((c) => c.path.endsWith("/messages") && bodyOf(c)?.to === waId).map(bodyOf);
  const surveySends = (waId: string) =>
    sendsTo(waId).filter((b) => b.interactive?.type === "list" || b.type === "template");
  const settings = (body: Record<string, unknown>) => w.admin.req("PUT", "/api/csat/settings", body);

  /** A customer's conversation answered and resolved by the admin (a human resolution). */
  async function resolvedConversation(waId: string) {
    const conv = await w.customerWrites(waId, "Ana", "my parcel is late");
    expect((await w.admin.post(`/api/conversations/${conv.id}/messages`, { content: "It ships today." })).status).toBe(
      201,
    );
    expect((await w.admin.patch(`/api/conversations/${conv.id}`, { status: "resolved" })).status).toBe(200);
    return conv as { id: string };
  }
  const surveyDone = (convId: string, n = 1) =>
    waitFor(async () => (await surveysOf(w.s, convId)).filter((s) => s.status !== "pending").length >= n, 15_000);

  beforeAll(async () => {
    answered = recordAnswered(w.s);
    // CSAT is off until a team turns it on.
    expect((await w.admin.get("/api/csat/settings")).body.channels.whatsapp).toBe(false);
    expect((await settings({ channels: { whatsapp: true, webchat: true } })).status).toBe(200);
    // The AI answers on this channel too: a rating must never become its question.
    await w.s.ctx.db
      .insert(aiSettings)
      .values({ id: "default", settings: { enabled: true, channelIds: [w.channelId], replyDelaySeconds: 0 } })
      .onConflictDoNothing();
  });

  it("inside the window: one list of five ratings per resolution; a tap records it and thanks; the comment follows", async () => {
    const conv = await resolvedConversation("447700900501");
    await surveyDone(conv.id);
    const [survey] = await surveysOf(w.s, conv.id);
    expect(survey).toMatchObject({
      status: "sent",
      form: "buttons",
      resolvedBy: "human",
      customerExternalId: "447700900501",
    });
    await waitFor(() => surveySends("447700900501").length === 1, 10_000);
    expect(surveySends("447700900501")[0]).toMatchObject({
      type: "interactive",
      interactive: {
        type: "list",
        action: {
          button: "Rate us",
          sections: [
            {
              rows: [5, 4, 3, 2, 1].map((n) => expect.objectContaining({ id: surveyButtonId(survey!.id, n) })),
            },
          ],
        },
      },
    });
    // The same resolution announced again asks nothing more.
    const [row] = await w.s.ctx.db.select().from(conversations).where(eq(conversations.id, conv.id));
    const again = (await w.admin.get(`/api/conversations/${conv.id}`)).body;
    w.s.ctx.bus.emit("conversation.updated", { conversation: again, previous: { status: "open", assignee: null } });
    expect(row!.status).toBe("resolved");

    const decisionsBefore = (await w.s.ctx.db.select().from(aiDecisions)).length;
    expect(await w.fake.tapButton(waAccount, "447700900501", surveyButtonId(survey!.id, 4))).toBe(200);
    await waitFor(async () => (await surveysOf(w.s, conv.id))[0]!.status === "answered", 10_000);
    expect((await surveysOf(w.s, conv.id))[0]).toMatchObject({ rating: 4, comment: null });
    expect(answered).toContainEqual({ kind: "rating", rating: 4, comment: null, surveyId: survey!.id });
    // The thanks invites a comment; the customer's next message is it, not a new conversation.
    await waitFor(
      () => sendsTo("447700900501").some((b) => b.text?.body?.startsWith("Thank you for your feedback")),
      10_000,
    );
    await w.fake.customerSays(waAccount, { id: "447700900501", name: "Ana" }, "Quick and kind, thanks!");
    await waitFor(async () => (await surveysOf(w.s, conv.id))[0]!.comment === "Quick and kind, thanks!", 10_000);
    expect(answered).toContainEqual({
      kind: "comment",
      rating: 4,
      comment: "Quick and kind, thanks!",
      surveyId: survey!.id,
    });

    // Every webhook (the customer's and the fake's status callbacks for our sends) ends processed;
    // the last status callbacks may still be draining when the comment lands, hence a wait.
    await waitFor(
      async () => (await w.count(`select count(*)::int as n from webhook_events where status <> 'processed'`)) === 0,
      10_000,
    );
    const list = await w.admin.get(`/api/conversations?status=all&q=447700900501`);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].status).toBe("resolved");
    expect((await w.s.ctx.db.select().from(aiDecisions)).length).toBe(decisionsBefore);
    expect(surveySends("447700900501")).toHaveLength(1);

    // Visible to agents on the conversation, and on the agent's profile.
    const panel = await w.admin.get(`/api/conversations/${conv.id}/csat`);
    expect(panel.status, panel.text).toBe(200);
    expect(panel.body.surveys[0]).toMatchObject({ rating: 4, comment: "Quick and kind, thanks!", status: "answered" });
    const me = (await w.admin.get("/api/me")).body;
    const profile = await w.admin.get(`/api/agents/${me.user?.id ?? me.id}/csat`);
    expect(profile.status, profile.text).toBe(200);
    expect(profile.body.answered).toBeGreaterThanOrEqual(1);
    expect(profile.body.average).not.toBeNull();
  });

  it("a typed answer is parsed ('2 - too slow'); reopened and resolved again, the conversation gets a new survey", async () => {
    const conv = await resolvedConversation("447700900502");
    await surveyDone(conv.id);
    await w.fake.customerSays(waAccount, { id: "447700900502", name: "Ana" }, "2 - too slow");
    await waitFor(async () => (await surveysOf(w.s, conv.id))[0]!.status === "answered", 10_000);
    expect((await surveysOf(w.s, conv.id))[0]).toMatchObject({ rating: 2, comment: "too slow" });
    expect((await w.admin.get(`/api/conversations/${conv.id}`)).body.status).toBe("resolved");

    expect((await w.admin.patch(`/api/conversations/${conv.id}`, { status: "open" })).status).toBe(200);
    expect((await w.admin.patch(`/api/conversations/${conv.id}`, { status: "resolved" })).status).toBe(200);
    await surveyDone(conv.id, 2);
    const surveys = await surveysOf(w.s, conv.id);
    expect(surveys).toHaveLength(2);
    expect(new Set(surveys.map((s) => s.resolutionKey)).size).toBe(2);
    await waitFor(() => surveySends("447700900502").length === 2, 10_000);
  });

  it("outside the 24-hour window: skipped with the reason without a template, the template when one is approved", async () => {
    const stale = async (waId: string) => {
      const conv = await w.customerWrites(waId, "Bo", "hello");
      await w.s.ctx.db
        .update(conversations)
        .set({ lastInboundAt: new Date(Date.now() - 25 * 3600_000) })
        .where(eq(conversations.id, conv.id));
      expect((await w.admin.patch(`/api/conversations/${conv.id}`, { status: "resolved" })).status).toBe(200);
      return conv as { id: string };
    };
    const a = await stale("447700900503");
    await surveyDone(a.id);
    expect((await surveysOf(w.s, a.id))[0]).toMatchObject({
      status: "skipped",
      form: "template",
      skipReason: expect.stringContaining("no approved CSAT template"),
    });
    expect(surveySends("447700900503")).toHaveLength(0);

    await w.s.ctx.db.insert(messageTemplates).values({
      channelId: w.channelId,
      name: "csat_survey",
      language: "en",
      category: "UTILITY",
      status: "APPROVED",
      components: [{ type: "BODY", text: "How did we do? Reply 1 to 5." }],
    });
    expect((await settings({ whatsappTemplate: { name: "csat_survey", language: "en" } })).status).toBe(200);
    const b = await stale("447700900504");
    await surveyDone(b.id);
    expect((await surveysOf(w.s, b.id))[0]).toMatchObject({ status: "sent", form: "template" });
    await waitFor(() => surveySends("447700900504").length === 1, 10_000);
    expect(surveySends("447700900504")[0]).toMatchObject({ type: "template", template: { name: "csat_survey" } });
  });

  it("off for WhatsApp: nothing is sent and the survey says why; an AI resolution is skipped unless enabled", async () => {
    // Only the named channel changes: the others keep their value.
    expect((await settings({ channels: { whatsapp: false } })).body.channels).toMatchObject({
      whatsapp: false,
      webchat: true,
      telegram: false,
    });
    const conv = await resolvedConversation("447700900505");
    await surveyDone(conv.id);
    expect((await surveysOf(w.s, conv.id))[0]).toMatchObject({
      status: "skipped",
      skipReason: expect.stringContaining("off for WhatsApp"),
    });
    expect(surveySends("447700900505")).toHaveLength(0);
    expect((await settings({ channels: { whatsapp: true } })).status).toBe(200);

    const aiConv = await w.customerWrites("447700900506", "Cy", "hi there");
    const aiResolved = (messageId: string) =>
      w.s.ctx.bus.emit("ai.resolution", {
        conversationId: aiConv.id,
        resolution: "confirmed",
        source: "button",
        messageId,
      });
    aiResolved("00000000-0000-4000-8000-000000000001");
    await surveyDone(aiConv.id);
    expect((await surveysOf(w.s, aiConv.id))[0]).toMatchObject({
      resolvedBy: "ai",
      status: "skipped",
      skipReason: expect.stringContaining("after AI resolutions are off"),
    });
    expect((await settings({ afterAiResolutions: true })).body.afterAiResolutions).toBe(true);
    aiResolved("00000000-0000-4000-8000-000000000002");
    await surveyDone(aiConv.id, 2);
    expect((await surveysOf(w.s, aiConv.id))[1]).toMatchObject({ resolvedBy: "ai", status: "sent" });
    expect((await settings({ afterAiResolutions: false })).status).toBe(200);
  });

  it("settings are admins' and validated", async () => {
    const bad = await settings({ answerWindowHours: 0 });
    expect(bad.status).toBe(400);
    const got = await w.admin.get("/api/csat/settings");
    expect(got.body).toMatchObject({ afterAiResolutions: false, channels: { webchat: true } });
  });
});

const BOT_ID = "7012345611";
const tgAccount: FakeAccount = {
  accountId: BOT_ID,
  secrets: { botToken: `${BOT_ID}:AAH-test_token-csatcsatcsatcsatcsat` },
  settings: { botUsername: "acme_csat_bot" },
  webhookUrl: "",
};

describe.each(drivers)("CSAT on Telegram (%s)", (driver) => {
  const { t, fake, conversationOf, sendCalls } = useTelegramChannel(driver, tgAccount);
  let answered: ReturnType<typeof recordAnswered>;
  beforeAll(async () => {
    answered = recordAnswered(t.s);
    expect((await t.admin.req("PUT", "/api/csat/settings", { channels: { telegram: true } })).status).toBe(200);
  });

  it("an inline keyboard of five; a tap records the rating once and is answered", async () => {
    await fake.customerSays(tgAccount, { id: "5512345101", name: "Dana" }, "where is my order");
    await waitFor(async () => !!(await conversationOf("5512345101")), 10_000);
    const convId = (await conversationOf("5512345101"))!;
    expect((await t.admin.post(`/api/conversations/${convId}/messages`, { content: "On its way." })).status).toBe(201);
    expect((await t.admin.patch(`/api/conversations/${convId}`, { status: "resolved" })).status).toBe(200);
    await waitFor(async () => (await surveysOf(t.s, convId))[0]?.status === "sent", 15_000);
    const [survey] = await surveysOf(t.s, convId);
    const keyboardSend = () =>
      sendCalls("sendmessage").find((c) => (c.body as any).reply_markup?.inline_keyboard?.[0]?.length === 5);
    await waitFor(() => !!keyboardSend(), 10_000);
    expect((keyboardSend()!.body as any).reply_markup.inline_keyboard[0]).toEqual(
      [1, 2, 3, 4, 5].map((n) => ({ text: `${n} ★`, callback_data: surveyButtonId(survey!.id, n) })),
    );
    expect(await fake.tapButton(tgAccount, "5512345101", surveyButtonId(survey!.id, 5))).toBe(200);
    await waitFor(async () => (await surveysOf(t.s, convId))[0]!.rating === 5, 10_000);
    await waitFor(() => sendCalls("answercallbackquery").length === 1, 10_000);
    expect((sendCalls("answercallbackquery")[0]!.body as any).text).toBe("Thanks for your rating!");
    // A second tap changes nothing: the first answer stands.
    expect(await fake.tapButton(tgAccount, "5512345101", surveyButtonId(survey!.id, 1))).toBe(200);
    await waitFor(() => sendCalls("answercallbackquery").length === 2, 10_000);
    expect((await surveysOf(t.s, convId))[0]).toMatchObject({ rating: 5, status: "answered" });
    expect(answered.filter((e) => e.surveyId === survey!.id && e.kind === "rating")).toHaveLength(1);
    expect((await t.admin.get(`/api/conversations/${convId}`)).body.status).toBe("resolved");
  });
});
