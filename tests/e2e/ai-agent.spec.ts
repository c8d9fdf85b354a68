import fs from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { closeContexts, hostSite, signIn, SwitchboardProcess } from "./harness";

/**
 * The AI agent, end to end: a website visitor asks a question the knowledge base answers and the AI
 * (the built-in answer matcher: no key, no network) answers it with a citation; the visitor asks for a
 * person in Spanish and the AI hands the conversation to the only agent online, with a handoff note;
 * the agent hands it back to the AI, which answers the next question again.
 */
test.describe
  .serial("AI agent: answered from the knowledge base, handed to a person, handed back", () => {
    const sb = new SwitchboardProcess();
    const SAM = { name: "Sam Rivera", email: "sam@example.com", password: "sam-password-1" };
    const QUESTION = "How long do refunds take?";
    const ANSWER = "Refunds reach your card within 5 working days.";
    // The customer asks for a person in Spanish: the default handoff message goes out in Spanish.
    const HANDOFF = "Te paso con una persona de nuestro equipo. Te responderá aquí mismo.";
    // Screenshots for the README (not assertions): kept out of test-results, which Playwright cleans.
    const SHOTS = process.env.SHOTS_DIR ?? "";
    let site: Awaited<ReturnType<typeof hostSite>>;
    let sam: Page;
    let visitor: Page;
    let conversationId = "";

    test.beforeAll(async () => {
      await sb.start();
      const api = await sb.api();
      const channel = await api("POST", "/api/channels", { type: "webchat", name: "Acme site" });
      expect(channel.status).toBe(201);
      const channelId: string = channel.body.channel.id;
      site = await hostSite(sb.url, channelId);
      const qa = await api("POST", "/api/knowledge/qa", { question: QUESTION, answer: ANSWER, status: "published" });
      expect(qa.status, JSON.stringify(qa.body)).toBe(201);
      const ai = await api("PUT", "/api/ai/settings", {
        enabled: true,
        channelIds: [channelId],
        provider: "matcher",
        replyDelaySeconds: 0,
      });
      expect(ai.status, JSON.stringify(ai.body)).toBe(200);
      expect(ai.body).toMatchObject({ enabled: true, channelIds: [channelId], provider: "matcher" });
      const created = await api("POST", "/api/agents", { name: SAM.name, email: SAM.email, password: SAM.password });
      expect(created.status).toBe(201);
      if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
    });
    test.afterAll(async ({ browser }) => {
      await closeContexts(browser);
      await site?.close();
      await sb.destroy();
    });

    const shot = async (page: Page, name: string) => {
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png` });
    };
    const widgetMessage = (from: "visitor" | "ai" | "agent", text: string) =>
      visitor.locator(`[data-testid="sb-message"][data-from="${from}"]`).filter({ hasText: text });
    const aiBubble = (text: string) =>
      sam.locator('[data-testid="message-bubble"][data-sender-type="ai"]').filter({ hasText: text });
    const handlerBadge = () => sam.getByTestId("handler-badge");

    test("1. Sam logs in and goes online from the availability prompt", async ({ browser }) => {
      sam = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
      await signIn(sam, sb.url, SAM);

      // A new agent starts offline: the console offers to go online.
      await expect(sam.getByTestId("availability-menu")).toHaveAttribute("aria-label", "Availability: Offline");
      await sam.getByTestId("availability-prompt-online").click();
      await expect(sam.getByTestId("availability-menu")).toHaveAttribute("aria-label", "Availability: Online");
      await expect(sam.getByTestId("availability-prompt")).toHaveCount(0);
    });

    test("2. the visitor asks; the AI answers from the knowledge base, and Sam sees the answer with its source", async ({
      browser,
    }) => {
      visitor = await (await browser.newContext()).newPage();
      await visitor.goto(site.url);
      await visitor.getByTestId("sb-launcher").click();
      await visitor.getByTestId("sb-input").fill("how long do refunds take");
      await visitor.getByTestId("sb-send").click();
      await expect(widgetMessage("visitor", "how long do refunds take")).toBeVisible();
      // The AI's answer reaches the widget, labelled as the AI's.
      const answer = widgetMessage("ai", ANSWER);
      await expect(answer).toBeVisible({ timeout: 20_000 });
      await expect(answer).toContainText("AI");

      // The AI owns it: nobody is assigned, so it is under All (not Mine), marked AI.
      await sam.getByTestId("tab-all").click();
      const row = sam.getByTestId("conversation-row").filter({ hasText: "Refunds reach your card" });
      await expect(row).toBeVisible();
      await expect(row.getByTestId("handler-marker")).toHaveText(/AI/);
      conversationId = (await row.getAttribute("data-conversation-id"))!;
      await row.click();

      const bubble = aiBubble(ANSWER);
      await expect(bubble).toBeVisible();
      await expect(bubble).toContainText("AI agent");
      const source = bubble.getByTestId("ai-sources").getByTestId("ai-source");
      await expect(source).toHaveText(QUESTION);
      await expect(source).toHaveAttribute("href", /\/knowledge/);
      await expect(bubble.getByTestId("ai-rule")).toContainText(/% confident/);
      await expect(handlerBadge()).toHaveAttribute("data-state", "ai");
      // The tab counts refresh debounced (up to ~10 s under a stream of events): wait, for the screenshot.
      await expect(sam.getByTestId("tab-unassigned")).toHaveText(/Unassigned\s*1/, { timeout: 15_000 });
      await shot(sam, "console-ai-answer");
    });

    test("3. asked for a person in Spanish, the AI hands off to Sam, the only agent online, with a note", async () => {
      await visitor.getByTestId("sb-input").fill("quiero hablar con una persona");
      await visitor.getByTestId("sb-send").click();
      await expect(widgetMessage("ai", HANDOFF)).toBeVisible({ timeout: 20_000 });

      // Routing assigned it to Sam: the note says why, the header says a person (Sam) handles it.
      const note = sam.getByTestId("handoff-note");
      await expect(note).toBeVisible({ timeout: 20_000 });
      await expect(note).toContainText("AI handed off to a person");
      await expect(note).toContainText("customer asked for human");
      await expect(note.getByTestId("handoff-reason")).toHaveText("The customer asked for a person");
      await expect(note.getByTestId("handoff-summary")).toContainText("quiero hablar con una persona");
      await expect(handlerBadge()).toHaveAttribute("data-state", "person");
      await expect(handlerBadge()).toHaveText(/You/);
      await expect(sam.getByTestId("assign-menu")).toHaveAttribute("aria-label", "Assignee: You");
      await expect(
        sam
          .locator('[data-testid="message-bubble"][data-sender-type="system"]')
          .filter({ hasText: `Routing assigned this to ${SAM.name}` }),
      ).toBeVisible();
      await expect(aiBubble(HANDOFF)).toBeVisible();
      // It is Sam's now: under Mine.
      await sam.getByTestId("tab-mine").click();
      await expect(
        sam.locator(`[data-testid="conversation-row"][data-conversation-id="${conversationId}"]`),
      ).toBeVisible();
      await expect(sam.getByTestId("tab-mine")).toHaveText(/Mine\s*1/, { timeout: 15_000 });
      await shot(sam, "console-handoff-note");

      const api = await sb.api();
      const conv = await api("GET", `/api/conversations/${conversationId}`);
      expect(conv.body).toMatchObject({ handler: "human", assignee: { name: SAM.name }, queuedAt: null });
    });

    test("4. Sam hands it back to the AI, which answers the next question again", async () => {
      await sam.getByTestId("routing-menu").click();
      await sam.getByTestId("routing-hand-back").click();
      await expect(
        sam.locator('[data-testid="message-bubble"][data-sender-type="system"]').filter({
          hasText: `Handed back to the AI agent by ${SAM.name}`,
        }),
      ).toBeVisible();
      await expect(handlerBadge()).toHaveAttribute("data-state", "ai");

      await visitor.getByTestId("sb-input").fill("how long do refunds take?");
      await visitor.getByTestId("sb-send").click();
      await expect(widgetMessage("visitor", "how long do refunds take?")).toBeVisible();
      await expect(widgetMessage("ai", ANSWER)).toHaveCount(2, { timeout: 20_000 });
      await expect(aiBubble(ANSWER)).toHaveCount(2);
      await expect(handlerBadge()).toHaveAttribute("data-state", "ai");
      await expect(sam.getByTestId("assign-menu")).toHaveAttribute("aria-label", "Assignee: Unassigned");
      const api = await sb.api();
      const conv = await api("GET", `/api/conversations/${conversationId}`);
      expect(conv.body).toMatchObject({ handler: "ai", assignee: null, queuedAt: null });
      await expect(sam.getByTestId("tab-mine")).toHaveText(/Mine\s*0/, { timeout: 15_000 });
      await shot(visitor, "widget-conversation");
      await shot(sam, "console-handed-back");
    });
  });
