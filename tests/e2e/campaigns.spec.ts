import fs from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { ADMIN, closeContexts, signIn, SwitchboardProcess } from "./harness";

/**
 * Campaigns, end to end on a sandbox WhatsApp number: the admin creates a campaign from the
 * approved hello_world template to three contacts in the console, starts it, and watches progress
 * reach 100% with the funnel showing every message sent (live on the socket's campaign.progress events);
 * then a recipient answers from the sandbox phone and the inbox names the campaign the reply belongs to.
 */
test.describe
  .serial("campaigns: create, start, progress to 100%", () => {
    const sb = new SwitchboardProcess();
    const SHOTS = process.env.SHOTS_DIR ?? "";
    let page: Page;

    test.beforeAll(async () => {
      await sb.start();
      const api = await sb.api();
      const ch = await api("POST", "/api/channels", { type: "whatsapp", name: "Lab network", sandbox: true });
      expect(ch.status).toBe(201);
      for (const [i, name] of ["Asha Rao", "Ben Ode", "Chen Li"].entries()) {
        const c = await api("POST", "/api/contacts", { name, phone: `+91981000010${i}` });
        expect(c.status).toBe(201);
      }
      if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
    });
    test.afterAll(async ({ browser }) => {
      await closeContexts(browser);
      await sb.destroy();
    });

    test("the admin creates and starts a campaign and sees it complete", async ({ browser }) => {
      page = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
      await signIn(page, sb.url, ADMIN);
      await page.getByTestId("nav-campaigns").click();
      await expect(page.getByText("No campaigns yet")).toBeVisible();

      await page.getByTestId("new-campaign").click();
      await page.getByTestId("campaign-name").fill("Partner invite");
      const template = page.getByLabel("Template", { exact: true });
      await expect(template.locator("option", { hasText: "hello_world" })).toHaveCount(1);
      await template.selectOption({ label: await template.locator("option", { hasText: "hello_world" }).innerText() });
      for (const name of ["Asha Rao", "Ben Ode", "Chen Li"]) await page.getByRole("checkbox", { name }).check();
      await page.getByTestId("create-campaign").click();
      await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
      await expect(page.getByTestId("campaign-status")).toHaveText("draft");

      await page.getByTestId("campaign-start").click();
      await expect(page.getByTestId("campaign-progress")).toContainText("100% · 3 of 3", { timeout: 30_000 });
      await expect(page.getByTestId("funnel-sent")).toContainText("3");
      await expect(page.getByTestId("campaign-status")).toHaveText("completed");
      await expect(page.getByTestId("recipients-table").locator("tbody tr")).toHaveCount(3);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/screenshot-campaign.png`, fullPage: true });
      await page.emulateMedia({ colorScheme: "dark" });
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/screenshot-campaign-dark.png`, fullPage: true });

      await page.getByRole("link", { name: "Back to campaigns" }).click();
      await expect(page.getByRole("link", { name: "Partner invite" })).toBeVisible();
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/screenshot-campaigns-dark.png` });
      await page.emulateMedia({ colorScheme: "light" });
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/screenshot-campaigns.png` });
    });

    test("a recipient replies from the sandbox phone; the inbox shows the reply linked to the campaign", async () => {
      await page.getByTestId("nav-sandbox").click();
      await expect(page).toHaveURL(/\/sandbox$/);
      await page.getByTestId("sandbox-channel").filter({ hasText: "Lab network" }).click();
      await page.getByTestId("sandbox-customer-id").fill("919810000100");
      await page.getByTestId("sandbox-customer-name").fill("Asha Rao");
      // The campaign's template is on Asha's phone.
      await expect(page.locator('[data-testid="phone-message"][data-from="business"]').first()).toBeVisible();
      await page.getByTestId("phone-input").fill("Is joining the partner network really free?");
      await page.getByTestId("phone-send").click();
      const reply = page
        .locator('[data-testid="phone-message"][data-from="customer"]')
        .filter({ hasText: "Is joining the partner network really free?" });
      await expect(reply).toBeVisible();

      await page.getByRole("link", { name: "Inbox", exact: true }).click();
      await page.getByTestId("conversation-row").filter({ hasText: "Is joining the partner network" }).click();
      await expect(page.getByTestId("message-bubble").filter({ hasText: "really free?" })).toBeVisible();
      // At 1024 px the contact panel starts closed.
      const toggle = page.getByRole("button", { name: "Toggle contact details" });
      if ((await toggle.getAttribute("aria-pressed")) !== "true") await toggle.click();
      await expect(page.getByTestId("conversation-campaign")).toHaveText("Partner invite");
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/screenshot-campaign-reply.png` });
      await page.getByTestId("conversation-campaign").click();
      await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
      await expect(page.getByTestId("funnel-replied")).toContainText("1");
    });
  });
