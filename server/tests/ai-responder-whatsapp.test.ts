import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { aiSettings } from "../src/features/ai/schema";
import { messages } from "../src/features/inbox/schema";
import { drivers, waitFor } from "./helpers";
import { useWhatsAppChannel } from "./whatsapp-suite";

/** The AI's answer leaves on a provider channel exactly as an agent's reply does: queued, then the deliver job. */
describe.each(drivers)("AI responder on WhatsApp (%s)", (driver) => {
  const w = useWhatsAppChannel(driver);

  it("answers a WhatsApp customer from the knowledge base through the deliver-message job, in WhatsApp's Markdown", async () => {
    const settings = { enabled: true, channelIds: [w.channelId], replyDelaySeconds: 0 };
    await w.s.ctx.db.insert(aiSettings).values({ id: "default", settings });
    const qa = { question: "How long do refunds take?", answer: "Refunds reach your card within **5 business days**." };
    expect((await w.admin.post("/api/knowledge/qa", qa)).status).toBe(201);
    const conv = await w.customerWrites("447700900311", "Ana", "how long do refunds take");
    const thread = () =>
      w.s.ctx.db.select().from(messages).where(eq(messages.conversationId, conv.id)).orderBy(asc(messages.createdAt));
    await waitFor(async () => (await thread()).some((m) => m.senderType === "ai" && m.status === "sent"), 15000);
    const ai = (await thread()).find((m) => m.senderType === "ai")!;
    expect(ai.externalId).toMatch(/^wamid\./);
    const expected = "Refunds reach your card within *5 business days*.";
    // A short AI answer is the body of the "Did this answer your question?" buttons (ai-resolution-buttons.test.ts).
    const call = w.fake.calls.find(
      (c) => (c.body as { interactive?: { body?: { text?: string } } } | null)?.interactive?.body?.text === expected,
    );
    expect(call, "sent to the WhatsApp API in its own bold markers").toBeTruthy();
    expect((call!.body as { to: string }).to).toBe("447700900311");
  });
});
