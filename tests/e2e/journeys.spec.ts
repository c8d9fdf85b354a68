import { type Browser, expect, type Page, test } from "@playwright/test";
import { ADMIN, closeContexts, hostSite, signIn, SwitchboardProcess } from "./harness";

/**
 * A person's path: an agent in the console, a visitor on a plain page of another origin with the
 * widget, the server restarting under them, a second visitor trying to read the first's chat, and
 * an agent without admin rights.
 */
test.describe
  .serial("website chat, end to end", () => {
    const sb = new SwitchboardProcess();
    let site: Awaited<ReturnType<typeof hostSite>>;
    let agentPage: Page;
    let visitorPage: Page;
    let conversationId = "";

    test.beforeAll(async () => {
      await sb.start();
      const api = await sb.api();
      const channel = await api("POST", "/api/channels", { type: "webchat", name: "Acme site" });
      expect(channel.status).toBe(201);
      site = await hostSite(sb.url, channel.body.channel.id);
    });
    test.afterAll(async ({ browser }) => {
      await closeContexts(browser);
      await site?.close();
      await sb.destroy();
    });

    async function login(browser: Browser, email: string, password: string) {
      const page = await (await browser.newContext()).newPage();
      await signIn(page, sb.url, { email, password });
      return page;
    }

    test("1. visitor writes, agent sees it live and answers, visitor sees it live; typing both ways", async ({
      browser,
    }) => {
      agentPage = await login(browser, ADMIN.email, ADMIN.password);
      visitorPage = await (await browser.newContext()).newPage();
      await visitorPage.goto(site.url);
      await visitorPage.getByTestId("sb-launcher").click();
      await expect(visitorPage.getByTestId("sb-panel")).toBeVisible();
      await visitorPage.getByTestId("sb-input").fill("Hello! Do you have gluten-free bread today?");
      await visitorPage.getByTestId("sb-send").click();
      await expect(visitorPage.getByTestId("sb-message").filter({ hasText: "gluten-free" })).toBeVisible();

      // The agent's inbox shows it without a reload.
      const row = agentPage.getByTestId("conversation-row").filter({ hasText: "gluten-free" });
      await expect(row).toBeVisible();
      conversationId = (await row.getAttribute("data-conversation-id"))!;
      await row.click();
      await expect(agentPage.getByTestId("message-bubble").filter({ hasText: "gluten-free" })).toBeVisible();

      // Visitor types -> agent sees it; agent types -> visitor sees it.
      await visitorPage.getByTestId("sb-input").pressSequentially("Also, are you open", { delay: 30 });
      await expect(agentPage.getByTestId("typing-indicator")).toBeVisible();
      await agentPage.getByTestId("composer-input").pressSequentially("Yes, we have a buckwheat loaf", { delay: 30 });
      await expect(visitorPage.getByTestId("sb-typing")).toContainText(/typing/i);

      await agentPage.getByTestId("composer-input").press("Enter");
      await expect(visitorPage.getByTestId("sb-message").filter({ hasText: "buckwheat loaf" })).toBeVisible();
      await expect(visitorPage.locator('[data-testid="sb-message"][data-from="agent"]')).toHaveCount(1);
      await expect(agentPage.getByTestId("message-bubble").filter({ hasText: "buckwheat loaf" })).toBeVisible();
    });

    test("2. the server restarts; the session and the conversation are still there", async () => {
      await sb.restart();
      await agentPage.goto(`${sb.url}/inbox/${conversationId}`);
      await expect(agentPage).toHaveURL(new RegExp(`/inbox/${conversationId}`));
      await expect(agentPage.getByTestId("message-bubble").filter({ hasText: "gluten-free" })).toBeVisible();
      await expect(agentPage.getByTestId("message-bubble").filter({ hasText: "buckwheat loaf" })).toBeVisible();
      await visitorPage.reload();
      await visitorPage.getByTestId("sb-launcher").click();
      await expect(visitorPage.getByTestId("sb-message").filter({ hasText: "buckwheat loaf" })).toBeVisible();
      // Realtime is back too: a new reply reaches the visitor without reload.
      await agentPage.getByTestId("composer-input").fill("Still here after the restart");
      await agentPage.getByTestId("composer-input").press("Enter");
      await expect(visitorPage.getByTestId("sb-message").filter({ hasText: "after the restart" })).toBeVisible();
    });

    test("3. a second visitor cannot read the first visitor's conversation (HTTP and WebSocket)", async ({
      browser,
    }) => {
      const other = await (await browser.newContext()).newPage();
      await other.goto(site.url);
      await other.getByTestId("sb-launcher").click();
      await expect(other.getByTestId("sb-panel")).toBeVisible();
      await expect(other.getByTestId("sb-message")).toHaveCount(0);
      const token = await other.evaluate(
        () => Object.entries(localStorage).find(([k]) => k.startsWith("switchboard:"))?.[1] ?? "",
      );
      expect(token).not.toBe("");
      const probe = await other.evaluate(
        async ({ base, id, token }) => {
          const h = { authorization: `Bearer ${token}` };
          const messages = await fetch(`${base}/api/widget/conversations/${id}/messages`, { headers: h });
          const post = await fetch(`${base}/api/widget/messages`, {
            method: "POST",
            headers: { ...h, "content-type": "application/json" },
            body: JSON.stringify({ conversationId: id, content: "let me in" }),
          });
          const seen: string[] = [];
          const ws = new WebSocket(`${base.replace("http", "ws")}/ws?visitorToken=${encodeURIComponent(token)}`);
          ws.onmessage = (e) => seen.push(String(e.data));
          (window as unknown as { __seen: string[] }).__seen = seen;
          await new Promise((r) => {
            ws.onopen = r;
          });
          ws.send(JSON.stringify({ type: "typing", conversationId: id, typing: true }));
          return { messages: messages.status, post: post.status, seenBefore: seen.length, wsOpen: ws.readyState === 1 };
        },
        { base: sb.url, id: conversationId, token },
      );
      expect(probe.messages).toBe(404);
      expect(probe.post).toBe(404);
      expect(probe.wsOpen).toBe(true);
      // The agent writes to the first visitor; nothing of it reaches the second visitor's socket or widget.
      await agentPage.getByTestId("composer-input").fill("A private matter for visitor one");
      await agentPage.getByTestId("composer-input").press("Enter");
      await expect(visitorPage.getByTestId("sb-message").filter({ hasText: "private matter" })).toBeVisible();
      await other.waitForTimeout(500);
      const leaked = await other.evaluate(() => (window as unknown as { __seen: string[] }).__seen.join("\n"));
      expect(leaked).not.toContain("private matter");
      expect(leaked).not.toContain(conversationId);
      await expect(other.getByTestId("sb-message")).toHaveCount(0);
      // A forged token is refused outright.
      const forged = await other.evaluate(
        async ({ base, token }) =>
          (await fetch(`${base}/api/widget/conversations`, { headers: { authorization: `Bearer ${token}x` } })).status,
        { base: sb.url, token },
      );
      expect(forged).toBe(401);
    });

    test("4. an agent cannot reach admin routes", async ({ browser }) => {
      const api = await sb.api();
      const created = await api("POST", "/api/agents", {
        name: "Nora Agent",
        email: "nora@example.com",
        password: "nora-password-1",
      });
      expect(created.status).toBe(201);
      const page = await login(browser, "nora@example.com", "nora-password-1");
      await expect(page.getByTestId("conversation-row").first()).toBeVisible();
      const statuses = await page.evaluate(async () => {
        const get = (p: string) => fetch(p).then((r) => r.status);
        const post = (p: string) =>
          fetch(p, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ type: "webchat", name: "x" }),
          }).then((r) => r.status);
        return {
          channels: await get("/api/channels"),
          createChannel: await post("/api/channels"),
          createAgent: await post("/api/agents"),
          conversations: await get("/api/conversations"),
        };
      });
      expect(statuses).toEqual({ channels: 403, createChannel: 403, createAgent: 403, conversations: 200 });
      await page.goto(`${sb.url}/settings/channels`);
      await expect(page.getByTestId("channel-row")).toHaveCount(0);
      await expect(page.getByTestId("new-channel")).toHaveCount(0);
    });
  });
