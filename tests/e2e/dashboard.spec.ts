import { expect, type Page, test } from "@playwright/test";
import { ADMIN, closeContexts, hostSite, signIn, SwitchboardProcess } from "./harness";

/**
 * Issue 10 §6: an admin watches the dashboard while a customer writes through the website widget;
 * the live tiles change without a reload, a quick range is picked, a bar of "Conversations by channel"
 * opens exactly that conversation, and a ticket made from it shows an SLA badge that counts down.
 * SHOTS_DIR=docs takes docs/screenshot-dashboard-journey[-dark].png.
 */
test.describe
  .serial("dashboard, end to end", () => {
    const sb = new SwitchboardProcess();
    const SHOTS = process.env.SHOTS_DIR ?? "";
    let site: Awaited<ReturnType<typeof hostSite>>;

    test.beforeAll(async () => {
      await sb.start();
      const api = await sb.api();
      const channel = await api("POST", "/api/channels", { type: "webchat", name: "Acme site" });
      expect(channel.status).toBe(201);
      site = await hostSite(sb.url, channel.body.channel.id);
      // Calendar-hour targets: the default policy counts business hours (Mon–Fri 09–17 UTC), and a
      // journey run at night or on a weekend would see a countdown that moves only once a minute or hour.
      const policies = await api("GET", "/api/sla/policies");
      expect(policies.status).toBe(200);
      const calendar = (minutes: number) => ({ minutes, hours: "calendar" });
      const patched = await api("PATCH", `/api/sla/policies/${policies.body.items[0].id}`, {
        targets: {
          normal: { firstReply: calendar(30), nextReply: calendar(30), resolution: calendar(240) },
        },
      });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    });
    test.afterAll(async ({ browser }) => {
      await closeContexts(browser);
      await site?.close();
      await sb.destroy();
    });

    const tileValue = (page: Page, label: string) => page.getByTestId(`tile-${label}`).locator("p").nth(1);

    test("live tile, quick range, bar drill-down, ticket from the conversation, SLA countdown", async ({ browser }) => {
      const page = await (await browser.newContext({ viewport: { width: 1024, height: 760 } })).newPage();
      await signIn(page, sb.url, ADMIN);
      await page
        .getByRole("button", { name: "Not now" }) // the availability prompt, not what this is about
        .click({ timeout: 5000 })
        .catch(() => {});
      await page.goto(`${sb.url}/dashboard`);

      // Nothing happened yet: zero tiles and the charts' empty states.
      await expect(tileValue(page, "Open")).toHaveText("0");
      await expect(tileValue(page, "Unassigned")).toHaveText("0");
      await expect(tileValue(page, "Waiting")).toHaveText("0");
      const volume = page.getByTestId("card-volume");
      await expect(volume.getByText("No conversations in this range")).toBeVisible();
      await expect(page.getByTestId("card-agents").getByText("No conversations in this range")).toBeVisible();
      await expect(page.getByTestId("card-quality").getByText("No quality scores in this range")).toBeVisible();

      // A customer writes through the widget on another site; the dashboard page is not reloaded.
      const visitor = await (await browser.newContext()).newPage();
      await visitor.goto(site.url);
      await visitor.getByTestId("sb-launcher").click();
      await visitor.getByTestId("sb-input").fill("My parcel never arrived, order 7781");
      await visitor.getByTestId("sb-send").click();
      await expect(visitor.getByTestId("sb-message").filter({ hasText: "order 7781" })).toBeVisible();

      await expect(tileValue(page, "Open")).toHaveText("1");
      await expect(tileValue(page, "Unassigned")).toHaveText("1");
      await expect(tileValue(page, "Waiting")).toHaveText("1");
      await expect(page.getByTestId("tile-Waiting")).toContainText("longest");
      await expect(volume.getByTestId("chart-volume")).toBeVisible();

      // A quick range: the last 7 days (the page opened on the last 30).
      const from = page.getByTestId("filter-from");
      const before = await from.inputValue();
      await page.getByLabel("Range preset").selectOption("7");
      await expect(from).not.toHaveValue(before);
      const today = await page.getByTestId("filter-to").inputValue();
      const weekAgo = new Date(Date.parse(`${today}T12:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
      await expect(from).toHaveValue(weekAgo);

      // Today's bar opens exactly the one conversation behind it.
      const bars = volume.locator(".recharts-bar-rectangle path");
      await expect(bars).toHaveCount(1);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/screenshot-dashboard-journey.png` });
      await bars.first().click();
      const drill = page.getByTestId("drill-down");
      await expect(drill).toBeVisible();
      await expect(drill).toContainText("Acme site");
      await expect(drill).toContainText("1 conversation");
      await expect(drill.locator("tbody tr")).toHaveCount(1);
      const api = await sb.api();
      const listed = (await api("GET", "/api/conversations")).body.items as Array<{ id: string }>;
      expect(listed).toHaveLength(1);
      const conversationId = listed[0]!.id;
      await expect(drill.locator("tbody tr").getByRole("link")).toHaveAttribute("href", `/inbox/${conversationId}`);
      if (SHOTS) {
        await page.emulateMedia({ colorScheme: "dark" });
        await page.screenshot({ path: `${SHOTS}/screenshot-dashboard-journey-dark.png` });
        await page.emulateMedia({ colorScheme: "light" });
      }

      // Land on that conversation and make a ticket of it.
      await drill.locator("tbody tr").getByRole("link").click();
      await expect(page).toHaveURL(new RegExp(`/inbox/${conversationId}$`));
      await expect(page.getByTestId("message-bubble").filter({ hasText: "order 7781" })).toBeVisible();
      await page.getByTestId("thread-menu").click();
      await page.getByTestId("create-ticket-from-conversation").click();
      await page.getByTestId("create-ticket").click();
      await expect(page).toHaveURL(/\/tickets\/[0-9a-f-]{36}$/);
      const ticketId = page.url().split("/").pop()!;
      const ticket = async () => (await api("GET", `/api/tickets/${ticketId}`)).body;
      expect((await ticket()).conversationIds).toEqual([conversationId]);
      // Its clocks start just after the ticket is committed (an event listener), with the 30-minute first reply.
      await expect
        .poll(async () => (await ticket()).sla.targets)
        .toContainEqual(expect.objectContaining({ metric: "firstReply", status: "active" }));

      // The ticket's badge counts down to its stored deadline: its text changes, and to less time. Scoped
      // to the ticket's header: for a moment after the URL changes, the conversation's own SLA strip (its
      // first reply, started when the customer wrote) is still on screen while the ticket page loads.
      const badge = page.locator("header", { has: page.getByTestId("ticket-title") }).getByTestId("sla-badge");
      await expect(badge).toHaveAttribute("data-state", "ok");
      await expect(badge).toContainText(/\d+m \d\ds/);
      const seconds = (s: string) => {
        const m = /(\d+)m (\d+)s/.exec(s);
        return m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
      };
      const first = seconds(await badge.innerText());
      expect(first).toBeGreaterThan(25 * 60);
      expect(first).toBeLessThanOrEqual(30 * 60);
      await expect.poll(async () => seconds(await badge.innerText()), { timeout: 5000 }).toBeLessThan(first);

      // Back on the dashboard, the tickets card's priority row opens that ticket, linked to its page.
      await page.goto(`${sb.url}/dashboard`);
      await page.getByTestId("card-tickets").getByTestId("priority-normal").click();
      const tickets = page.getByTestId("drill-tickets");
      await expect(tickets.locator("tbody tr")).toHaveCount(1);
      await expect(tickets.getByRole("link")).toHaveAttribute("href", `/tickets/${ticketId}`);
      await page.keyboard.press("Escape");
      await expect(tickets).toBeHidden();
      // The backlog line's last point (today's end) opens the tickets still open: this one.
      // Dispatched on the point itself: hovering moves the chart's tooltip, which must not decide the test.
      await page.getByTestId("card-tickets").locator('[data-testid^="backlog-"]').last().dispatchEvent("click");
      await expect(tickets.locator("tbody tr")).toHaveCount(1);
      await expect(tickets.getByRole("link")).toHaveAttribute("href", `/tickets/${ticketId}`);
      await page.keyboard.press("Escape");
    });

    test("an unanswered question: the card groups it, opens its conversation, and 'Write an article' prefills the editor", async ({
      browser,
    }) => {
      const api = await sb.api();
      const channels = (await api("GET", "/api/channels")).body.items as Array<{ id: string }>;
      const ai = await api("PUT", "/api/ai/settings", {
        enabled: true,
        provider: "matcher",
        channelIds: channels.map((c) => c.id),
        replyDelaySeconds: 0,
      });
      expect(ai.status, JSON.stringify(ai.body)).toBe(200);
      const team = await api("POST", "/api/teams", { name: "Billing" });
      expect(team.status, JSON.stringify(team.body)).toBe(201);

      // A customer asks what the (empty) knowledge base cannot answer: the matcher hands off.
      const visitor = await (await browser.newContext()).newPage();
      await visitor.goto(site.url);
      await visitor.getByTestId("sb-launcher").click();
      await visitor.getByTestId("sb-input").fill("Can I pay with bitcoin?");
      await visitor.getByTestId("sb-send").click();
      await expect
        .poll(async () => (await api("GET", "/api/reports/knowledge-gaps")).body.questions, { timeout: 15_000 })
        .toBe(1);

      const page = await (await browser.newContext({ viewport: { width: 1024, height: 760 } })).newPage();
      await signIn(page, sb.url, ADMIN);
      await page
        .getByRole("button", { name: "Not now" })
        .click({ timeout: 5000 })
        .catch(() => {});
      await page.goto(`${sb.url}/dashboard`);

      // The team picker: search, keyboard, and the filter row on one line at 1024 px.
      const channelBox = (await page.getByTestId("filter-channel").boundingBox())!;
      const hoursBox = (await page.getByLabel("Hours", { exact: true }).boundingBox())!;
      expect(hoursBox.y).toBe(channelBox.y);
      await page.getByTestId("filter-team").click();
      await page.getByRole("combobox", { name: "Search team" }).fill("bil");
      await page.keyboard.press("Enter");
      await expect(page.getByTestId("filter-team")).toHaveText("Billing");
      const card = page.getByTestId("card-knowledge-gaps");
      await expect(card.getByText("No unanswered questions in this range")).toBeVisible();
      await page.getByTestId("filter-team").click();
      await page.keyboard.press("Enter"); // the first entry: all teams
      await expect(page.getByTestId("filter-team")).toHaveText("All teams");

      const gap = card.getByTestId("table-knowledge-gaps").locator("tbody tr");
      await expect(gap).toHaveCount(1);
      await expect(gap).toContainText("Can I pay with bitcoin?");
      await expect(gap).toContainText("1 no close match");
      await gap.getByRole("button", { name: "Can I pay with bitcoin?" }).click();
      const drill = page.getByTestId("drill-down");
      await expect(drill).toContainText("1 conversation");
      await page.keyboard.press("Escape");

      await gap.getByRole("link", { name: "Write an article" }).click();
      await expect(page).toHaveURL(/\/knowledge\/articles\/new\?title=/);
      await expect(page.getByPlaceholder("Article title, e.g. Refund policy")).toHaveValue("Can I pay with bitcoin?");
    });
  });
