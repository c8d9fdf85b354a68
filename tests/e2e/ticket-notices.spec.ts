import { expect, test } from "@playwright/test";
import { ADMIN, closeContexts, signIn, SwitchboardProcess } from "./harness";

/**
 * Issue 10 §1: an admin turns on the customer notice for "Solved" in Settings → Tickets and writes
 * its text; a ticket linked to a website conversation is solved, the visitor's thread gets the text
 * and the ticket's timeline says "Customer notified on Website chat".
 * SHOTS_DIR=docs takes docs/screenshot-ticket-notices[-dark].png and docs/screenshot-ticket-notice-timeline.png.
 */
test.describe
  .serial("ticket status notices", () => {
    const sb = new SwitchboardProcess();
    const SHOTS = process.env.SHOTS_DIR ?? "";

    test.beforeAll(async () => {
      await sb.start();
    });
    test.afterAll(async ({ browser }) => {
      await closeContexts(browser);
      await sb.destroy();
    });

    test("turn a status notice on, solve a ticket, the customer is told and the timeline says so", async ({
      browser,
    }) => {
      const page = await (await browser.newContext({ viewport: { width: 1024, height: 760 } })).newPage();
      await signIn(page, sb.url, ADMIN);
      await page
        .getByRole("button", { name: "Not now" })
        .click({ timeout: 5000 })
        .catch(() => {});
      await page.goto(`${sb.url}/settings/tickets`);
      await page
        .getByRole("button", { name: "Not now" })
        .click({ timeout: 3000 })
        .catch(() => {});
      await expect(page.getByTestId("notices-empty")).toBeVisible();
      await page.getByRole("switch", { name: "Notify on Solved" }).click();
      await page.getByLabel("Message").fill("Good news {{contact.name}}: #{{ticket.number}} is solved.");
      await page.getByRole("switch", { name: "Notify on Pending (waiting on the customer)" }).click();
      await page.getByRole("button", { name: "Save" }).click();
      await expect(page.getByText("Customer notices saved")).toBeVisible();
      await page.reload();
      await expect(page.getByRole("switch", { name: "Notify on Solved" })).toBeChecked();
      await expect(page.getByTestId("notice-solved").getByLabel("Message")).toHaveValue(
        "Good news {{contact.name}}: #{{ticket.number}} is solved.",
      );
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/screenshot-ticket-notices.png`, fullPage: true });

      // A website conversation and its ticket (set up through the API: the journey is the notice).
      const api = await sb.api();
      const channel = (
        await api("POST", "/api/channels", {
          type: "webchat",
          name: "Site",
          settings: { allowedOrigins: ["http://shop.test"] },
        })
      ).body.channel as { id: string };
      const widget = async (p: string, body: unknown, token?: string) => {
        const r = await fetch(`${sb.url}${p}`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            origin: "http://shop.test",
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(body),
        });
        return r.json();
      };
      const session = await widget(`/api/widget/${channel.id}/session`, { name: "Mia" });
      const { conversationId } = await widget(
        "/api/widget/messages",
        { content: "My order arrived broken" },
        session.visitorToken,
      );
      const ticket = (
        await api("POST", "/api/tickets", {
          subject: "Broken order",
          conversationIds: [conversationId],
          status: "open",
        })
      ).body as { id: string; number: number };

      await page.goto(`${sb.url}/tickets/${ticket.id}`);
      await page.getByTestId("ticket-status").selectOption("solved");
      const timeline = page.getByTestId("ticket-timeline");
      await expect(timeline.locator('[data-kind="notice"]')).toHaveText(/Customer notified on Website chat/);
      const thread = await (
        await fetch(`${sb.url}/api/widget/conversations/${conversationId}/messages`, {
          headers: { authorization: `Bearer ${session.visitorToken}`, origin: "http://shop.test" },
        })
      ).json();
      expect(thread.items.map((m: { content: string }) => m.content)).toContain(
        `Good news Mia: #${ticket.number} is solved.`,
      );
      if (SHOTS) {
        await page.screenshot({ path: `${SHOTS}/screenshot-ticket-notice-timeline.png` });
        await page.goto(`${sb.url}/settings/tickets`);
        await expect(page.getByRole("switch", { name: "Notify on Solved" })).toBeChecked();
        await page.emulateMedia({ colorScheme: "dark" });
        await page.screenshot({ path: `${SHOTS}/screenshot-ticket-notices-dark.png`, fullPage: true });
      }
    });
  });
