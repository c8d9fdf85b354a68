import fs from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { ADMIN, closeContexts, signIn, SwitchboardProcess } from "./harness";
import { LAB_CALLEE } from "../../server/tests/lab-callee";

const CALLEE = LAB_CALLEE;

/**
 * Call campaigns in the sandbox (no Twilio anywhere): create a one-contact campaign with the default
 * lab flow, start it, answer its call as the callee, watch the target reach its outcome live on the
 * campaign page, then the call page (transcript, no recording) and the contact (outcome, fields).
 */
test.describe
  .serial("call campaign (sandbox)", () => {
    const sb = new SwitchboardProcess();
    const SHOTS = process.env.SHOTS_DIR ?? "";
    let contactId = "";
    test.beforeAll(async () => {
      await sb.start();
      if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
      // Setup the journey is not about: the lab to call (an E.164 number; no zone, so UTC hours).
      const api = await sb.api();
      const c = await api("POST", "/api/contacts", { name: "Sunrise Lab", phone: "+14155552671" });
      expect(c.status).toBe(201);
      contactId = c.body.id ?? c.body.contact?.id;
    });
    test.afterAll(async ({ browser }) => {
      await closeContexts(browser);
      await sb.destroy();
    });

    const login = async (page: Page) => {
      await signIn(page, sb.url, ADMIN);
    };

    test("an admin runs a one-contact sandbox call campaign to an outcome", async ({ browser }) => {
      const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
      const page = await context.newPage();
      await login(page);
      await page.getByTestId("nav-call-campaigns").click();
      await expect(page).toHaveURL(/\/call-campaigns$/);
      await expect(page.getByText("No call campaigns yet")).toBeVisible();

      // The form: name, the default lab flow (preselected), one contact, all-day hours, sandbox.
      await page.keyboard.press("n");
      await page.getByTestId("cc-name").fill("Pune labs (sandbox)");
      await expect(page.getByTestId("cc-flow").locator("option:checked")).toContainText("Lab partnership invitation");
      await page.getByTestId("cc-create").click();
      await expect(page.getByText("Pick at least one contact")).toBeVisible();
      await page.getByTestId("cc-contact-search").fill("Sunrise");
      await page.getByTestId("cc-contact").filter({ hasText: "Sunrise Lab" }).click();
      await expect(page.getByTestId("cc-picked")).toHaveText("Sunrise Lab");
      await page.getByLabel("From").fill("00:00");
      await page.getByLabel("Until").fill("23:59");
      await page.getByRole("button", { name: "Sat", exact: true }).click();
      await page.getByRole("button", { name: "Sun", exact: true }).click();
      await page.getByTestId("cc-sandbox").click();
      await page.getByTestId("cc-create").click();

      await expect(page).toHaveURL(/\/call-campaigns\/[0-9a-f-]{36}$/);
      const campaignUrl = page.url();
      await expect(page.getByTestId("cc-status")).toHaveText("Draft");
      await expect(page.getByText("Not started yet")).toBeVisible();
      await page.getByTestId("cc-start").click();
      await expect(page.getByTestId("cc-status")).toHaveText("Running");
      const target = page.getByTestId("cc-target");
      await expect(target).toHaveCount(1);
      await expect(target.getByTestId("cc-target-state")).toHaveText("Calling");
      await expect(target.getByTestId("cc-target-call-state")).toHaveText("In progress");
      await expect(target.getByTestId("cc-target-attempts")).toHaveText("1");
      await expect(page.getByTestId("cc-count-calling")).toContainText("1");

      // The callee answers in another tab (Sandbox → Call me with the campaign's call); the greeting is there.
      const href = await target.getByTestId("cc-answer").getAttribute("href");
      expect(href).toMatch(/^\/sandbox\/call\?call=[0-9a-f-]{36}$/);
      const phone = await context.newPage();
      await phone.goto(`${sb.url}${href}`);
      const transcript = phone.getByTestId("callme-transcript");
      await expect(transcript.locator('[data-role="agent"]').first()).toContainText("recorded");
      const say = async (text: string) => {
        const agents = await transcript.locator('[data-role="agent"]').count();
        await phone.getByTestId("callme-input").fill(text);
        await phone.getByTestId("callme-input").press("Enter");
        await expect(transcript.locator('[data-role="agent"]')).toHaveCount(agents + 1);
      };
      for (const text of CALLEE) await say(text);
      await expect(phone.getByTestId("callme-outcome")).toHaveText("Interested");

      // The campaign page (never reloaded) follows over the WebSocket: settled, the outcome, the fields, completed.
      await expect(target.getByTestId("cc-target-outcome")).toHaveText("Interested");
      await expect(target.getByTestId("cc-target-state")).toHaveText("Done");
      await expect(target.getByTestId("cc-target-fields")).toContainText("Sunrise Diagnostics");
      await expect(target.getByTestId("cc-target-fields")).toContainText("Pune");
      await expect(page.getByTestId("cc-status")).toHaveText("Completed");
      await expect(page.getByTestId("cc-outcomes")).toContainText("Interested 1");
      expect(page.url()).toBe(campaignUrl);
      if (SHOTS) {
        await page.screenshot({ path: `${SHOTS}/screenshot-call-campaign.png` });
        await page.emulateMedia({ colorScheme: "dark" });
        await page.screenshot({ path: `${SHOTS}/screenshot-call-campaign-dark.png` });
        await page.emulateMedia({ colorScheme: "light" });
      }

      // The call: its transcript, the outcome and fields, and no recording (a sandbox call).
      await target.getByTestId("cc-target-call").click();
      await expect(page).toHaveURL(/\/calls\/[0-9a-f-]{36}$/);
      await expect(page.getByTestId("call-transcript")).toContainText("yes, go ahead");
      await expect(page.getByTestId("call-transcript")).toContainText("It's Sunrise Diagnostics");
      await expect(page.getByTestId("call-transcript").locator('[data-role="callee"]')).toHaveCount(CALLEE.length);
      await expect(page.getByTestId("call-outcome")).toHaveText("Interested");
      await expect(page.getByTestId("call-fields")).toContainText("Priya Sharma");
      await expect(page.getByTestId("call-recording")).toHaveText("No recording (sandbox call).");
      await expect(page.locator("audio")).toHaveCount(0);

      // The contact: the call's outcome and the collected fields.
      await page.goto(`${sb.url}/contacts/${contactId}`);
      await expect(page.getByTestId("contact-call-outcome")).toHaveText("Interested");
      await expect(page.getByTestId("contact-call-fields")).toContainText("Sunrise Diagnostics");

      // The list: status, progress and outcomes.
      await page.getByTestId("nav-call-campaigns").click();
      const row = page.getByTestId("call-campaign-row");
      await expect(row).toHaveCount(1);
      await expect(row.getByTestId("call-campaign-status")).toHaveText("Completed");
      await expect(row).toContainText("1 of 1");
      await expect(row).toContainText("Interested 1");
      if (SHOTS) {
        await page.screenshot({ path: `${SHOTS}/screenshot-call-campaigns.png` });
        await page.emulateMedia({ colorScheme: "dark" });
        await page.screenshot({ path: `${SHOTS}/screenshot-call-campaigns-dark.png` });
      }
      await context.close();
    });
  });
