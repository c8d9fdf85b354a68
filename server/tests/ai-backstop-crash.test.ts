import { describe, expect, it } from "vitest";
import { startOpenAiFake } from "../src/features/ai/fakes/openai-fake";
import { held, say, verdict } from "../src/features/ai/fakes/script";
import { createWebchat, drivers, freshDatabaseUrl, loginAs, visitor, waitFor } from "./helpers";
import { ServerProcess } from "./processes";

const KEY = "sk-backstop-0001";
const ANSWER = "Refunds reach your original payment method within 5 business days.";

/**
 * Issue 8 §3, nothing lost: the AI's turn runs inline in the process that stored the customer's
 * message, with a queued backstop (Jobs.sendAndRun). Here that process is killed with SIGKILL while
 * the model is answering; after a restart on the same database the backstop job answers the
 * customer, exactly once. The server is its own process, as in production.
 */
describe.each(drivers)("AI turn killed mid-answer (%s)", (driver) => {
  it("after the restart the customer gets one answer", { timeout: 240_000 }, async () => {
    const openai = await startOpenAiFake({ key: KEY });
    const db = driver === "postgres" ? await freshDatabaseUrl() : null;
    // Long AI timeout: the first process must still be waiting on the model when it dies.
    const proc = new ServerProcess({
      DATABASE_URL: db?.url ?? "",
      OPENAI_BASE_URL: `${openai.url}/v1`,
      AI_TIMEOUT_SECONDS: "120",
      AI_BACKSTOP_SECONDS: "2",
    });
    try {
      await proc.start();
      const admin = await loginAs(proc.url);
      const channelId = (await createWebchat(admin, { allowedOrigins: ["http://shop.test"] })).channel.id;
      const kb = await admin.post("/api/knowledge/articles", {
        title: "Refund policy",
        body: "Refunds reach your original payment method within 5 business days after the parcel arrives.",
        status: "published",
      });
      expect(kb.status, kb.text).toBe(201);
      const put = await admin.req("PUT", "/api/ai/settings", {
        enabled: true,
        channelIds: [channelId],
        provider: "openai",
        apiKey: KEY,
        model: "",
        replyDelaySeconds: 0,
      });
      expect(put.status, put.text).toBe(200);

      // The first process's model call never comes back: it is killed while waiting for it.
      const first = held(say("never sent"));
      openai.push(first.step);
      const v = await visitor(proc.url, channelId);
      const asked = await v.post("/api/widget/messages", { content: "When do I get my refund?" });
      expect(asked.status, asked.text).toBe(201);
      const conversationId = asked.body.conversationId as string;
      await first.arrived;
      const c = proc.child!;
      const exited = new Promise((r) => c.once("exit", r));
      c.kill("SIGKILL");
      await exited;

      // The second process: the backstop job is due; its turn finds the message still unanswered.
      openai.push(say(ANSWER), verdict(true));
      await proc.start();
      const fromAi = async () =>
        ((await v.get(`/api/widget/conversations/${conversationId}/messages`)).body.items as {
          from: string;
          content: string;
        }[]).filter((m) => m.from === "ai");
      await waitFor(async () => (await fromAi()).length > 0, 60_000);
      const received = await fromAi();
      expect(received.map((m) => m.content)).toEqual([ANSWER]);
      // The backstop ran once: no second turn is left to answer again.
      const after = await loginAs(proc.url);
      const conv = await after.get(`/api/conversations/${conversationId}`);
      expect(conv.status, conv.text).toBe(200);
      expect(conv.body.handler).toBe("ai");
      expect(openai.pending()).toBe(0);
    } finally {
      await proc.stop();
      await openai.close();
      await db?.drop();
    }
  });
});
