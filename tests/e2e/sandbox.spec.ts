import { type Browser, expect, type Page, test } from "@playwright/test";
import { ADMIN, closeContexts, signIn, SwitchboardProcess } from "./harness";

/**
 * The "Try it" path: an admin creates a WhatsApp sandbox channel from the sandbox page and plays the
 * customer on the simulated phone; an agent in another browser answers from the inbox; the phone shows
 * the reply's ticks (delivered, then read once the customer opens the chat). Everything goes through the
 * real webhook endpoint, signature check and adapter; only the far end is the built-in fake.
 */
test.describe
  .serial("sandbox: play the WhatsApp customer, answer from the inbox", () => {
    const sb = new SwitchboardProcess();
    const AGENT = { email: "agent@example.com", password: "agent-password-123" };
    let phone: Page;
    let agent: Page;
    let conversationId = "";

    test.beforeAll(async () => {
      await sb.start();
      const api = await sb.api();
      const created = await api("POST", "/api/agents", {
        name: "Alex Agent",
        email: AGENT.email,
        password: AGENT.password,
      });
      expect(created.status).toBe(201);
    });
    test.afterAll(async ({ browser }) => {
      await closeContexts(browser);
      await sb.destroy();
    });

    async function login(browser: Browser, who: { email: string; password: string }) {
      const page = await (await browser.newContext()).newPage();
      await signIn(page, sb.url, who);
      return page;
    }

    const phoneMessage = (from: "customer" | "business", text: string) =>
      phone.locator(`[data-testid="phone-message"][data-from="${from}"]`).filter({ hasText: text });
    const agentBubble = (text: string) => agent.getByTestId("message-bubble").filter({ hasText: text });

    test("1. the admin creates a WhatsApp sandbox channel on the Try it page and writes as the customer", async ({
      browser,
    }) => {
      phone = await login(browser, ADMIN);
      await phone.getByTestId("nav-sandbox").click();
      await expect(phone).toHaveURL(/\/sandbox$/);
      await expect(phone.getByTestId("sandbox-label")).toContainText("simulated customers, nothing leaves this server");

      await phone.getByTestId("create-sandbox-whatsapp").click();
      await expect(phone.getByTestId("phone")).toHaveAttribute("data-channel-type", "whatsapp");
      await expect(phone.getByTestId("sandbox-channel")).toHaveText(/WhatsApp sandbox/);
      await expect(phone.getByTestId("sandbox-customer-id")).toHaveValue(/^447700900\d{3}$/);

      // The customer hasn't opened the chat yet: replies stay "delivered" until they do.
      await phone.getByTestId("phone-chat-open").click();
      await expect(phone.getByTestId("phone-chat-open")).toHaveAttribute("aria-checked", "false");

      await phone.getByTestId("phone-input").fill("Hi from the sandbox");
      await phone.getByTestId("phone-send").click();
      await expect(phoneMessage("customer", "Hi from the sandbox")).toBeVisible();
    });

    test("2. an agent sees the conversation live and answers; the phone shows delivered, then read ticks", async ({
      browser,
    }) => {
      agent = await login(browser, AGENT);
      const row = agent.getByTestId("conversation-row").filter({ hasText: "Hi from the sandbox" });
      await expect(row).toBeVisible();
      conversationId = (await row.getAttribute("data-conversation-id"))!;
      await row.click();
      await expect(agentBubble("Hi from the sandbox")).toBeVisible();
      await expect(agent.getByTestId("sandbox-badge")).toBeVisible();
      // The WhatsApp window was just opened by the customer: a countdown, not a lock.
      await expect(agent.getByTestId("reply-window-countdown")).toHaveText(/2[34] h \d+ min left to reply freely/);

      // The sandbox page links to the conversation once it exists.
      await expect(phone.getByTestId("sandbox-conversation-link")).toHaveAttribute("href", `/inbox/${conversationId}`);

      await agent.getByTestId("composer-input").fill("Hello Dana, how can we help?");
      await agent.getByTestId("composer-input").press("Enter");

      const reply = phoneMessage("business", "Hello Dana, how can we help?");
      await expect(reply).toBeVisible();
      await expect(reply).toHaveAttribute("data-status", "delivered");
      await expect(agentBubble("Hello Dana")).toHaveAttribute("data-status", "delivered");

      // The customer opens the chat: the phone marks it read, WhatsApp's read receipt comes back by webhook.
      await phone.getByTestId("phone-chat-open").click();
      await expect(reply).toHaveAttribute("data-status", "read");
      await expect(agentBubble("Hello Dana")).toHaveAttribute("data-status", "read");
      await expect(agentBubble("Hello Dana").getByTestId("delivery-status")).toHaveAttribute("data-status", "read");
    });

    test("3. a day later the composer is a template picker; the template reaches the phone", async ({ browser }) => {
      // No endpoint ages a conversation, so the agent's browser clock moves 25 hours ahead: the console
      // closes the window from the server's real `closesAt`. Templates are accepted at any time, so the
      // send below is the real path (server, adapter, fake Graph API, status webhooks).
      const later = await (await browser.newContext()).newPage();
      await later.clock.setFixedTime(new Date(Date.now() + 25 * 3600_000));
      await signIn(later, sb.url, AGENT);
      await later.goto(`${sb.url}/inbox/${conversationId}`);

      await expect(later.getByTestId("reply-window-closed")).toContainText("The reply window is closed");
      await expect(later.getByTestId("template-picker")).toBeVisible();
      await expect(later.getByTestId("composer-input")).toHaveCount(0);

      await later.getByTestId("template-select").click();
      await expect(later.getByTestId("template-option")).toHaveCount(2); // APPROVED only: the PENDING one is hidden
      await later.getByRole("option", { name: /order_update/ }).click();
      await expect(later.getByTestId("template-send")).toBeDisabled();
      await later.getByTestId("template-param").nth(0).fill("Dana");
      await later.getByTestId("template-param").nth(1).fill("#1042");
      await expect(later.getByTestId("template-preview")).toHaveText("Hi Dana, your order #1042 has shipped.");
      await later.getByTestId("template-send").click();

      const sent = later.getByTestId("message-bubble").filter({ hasText: "your order #1042 has shipped" });
      await expect(sent).toHaveAttribute("data-kind", "template");
      await expect(sent.getByTestId("template-label")).toContainText("order_update");
      await expect(phoneMessage("business", "[template order_update]")).toBeVisible();

      // Private notes stay possible while the window is closed.
      await later.getByTestId("note-toggle").click();
      await later.getByTestId("composer-input").fill("Sent the shipping template");
      await later.getByTestId("composer-input").press("Enter");
      await expect(later.locator('[data-testid="message-bubble"][data-private="true"]')).toContainText(
        "Sent the shipping template",
      );
      await later.context().close();
    });

    test("4. a refused message shows WhatsApp's code and reason, and Retry sends it once the customer is back", async () => {
      // The fake keeps its phones in memory: after a restart it no longer knows the customer wrote, so
      // WhatsApp (the fake) refuses free text with 131047, as the real one does outside the window.
      await sb.restart();
      await agent.goto(`${sb.url}/inbox/${conversationId}`);
      await agent.getByTestId("composer-input").fill("Are you still there?");
      await agent.getByTestId("composer-input").press("Enter");
      const bubble = agentBubble("Are you still there?");
      // Right after a restart the server is still warming up (jobs, sockets, a cold PGlite cache) and
      // CI runs on two busy cores: allow more than the default 10 s for the round trip.
      await expect(bubble).toHaveAttribute("data-status", "failed", { timeout: 30_000 });
      await expect(bubble.getByTestId("delivery-error-code")).toHaveText("131047");
      await expect(bubble.getByTestId("delivery-error-message")).not.toBeEmpty();

      await phone.reload();
      await expect(phone.getByTestId("phone")).toBeVisible();
      await phone.getByTestId("phone-input").fill("I'm back");
      await phone.getByTestId("phone-send").click();
      await expect(agentBubble("I'm back")).toBeVisible();

      await bubble.getByTestId("retry-message").click();
      await expect(bubble).toHaveAttribute("data-status", /delivered|read/);
      await expect(bubble.getByTestId("delivery-failed")).toHaveCount(0);
      await expect(phoneMessage("business", "Are you still there?")).toBeVisible();
    });
  });
