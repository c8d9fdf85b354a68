import fs from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { ADMIN, closeContexts, signIn, SwitchboardProcess } from "./harness";
import { LAB_CALLEE } from "../../server/tests/lab-callee";

const CALLEE = LAB_CALLEE;

/**
 * Sandbox → Call me: start a sandbox call, answer as the callee by typing, watch the transcript on
 * /calls/live, finish, and see the outcome and fields on the call page with "no recording".
 */
test.describe
  .serial("call me sandbox", () => {
    const sb = new SwitchboardProcess();
    const SHOTS = process.env.SHOTS_DIR ?? "";
    test.beforeAll(async () => {
      await sb.start();
      if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
    });
    test.afterAll(async ({ browser }) => {
      await closeContexts(browser);
      await sb.destroy();
    });

    const login = async (page: Page) => {
      await signIn(page, sb.url, ADMIN);
    };

    test("an agent plays the callee of a sandbox call to an outcome", async ({ browser }) => {
      const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
      const page = await context.newPage();
      await login(page);
      await page.goto(`${sb.url}/sandbox`);
      await page.getByTestId("sandbox-tab-call").click();
      await expect(page).toHaveURL(/\/sandbox\/call$/);
      await expect(page.getByTestId("sandbox-label")).toBeVisible();
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/call-sandbox-empty.png` });
      await page.getByTestId("callme-new").click();
      await expect(page.getByTestId("callme-start")).toContainText("Sandbox callee");
      await page.getByTestId("callme-start").click();
      const transcript = page.getByTestId("callme-transcript");
      await expect(transcript.locator('[data-role="agent"]').first()).toContainText("recorded");

      // The live dashboard, in another tab, shows the call and its transcript as it grows.
      const dash = await context.newPage();
      await dash.goto(`${sb.url}/calls/live`);
      await expect(dash.getByTestId("live-call")).toHaveCount(1);
      await expect(dash.getByTestId("live-transcript")).toContainText("recorded");

      const say = async (text: string) => {
        const agents = await transcript.locator('[data-role="agent"]').count();
        await page.getByTestId("callme-input").fill(text);
        await page.getByTestId("callme-input").press("Enter");
        await expect(transcript.locator('[data-role="agent"]')).toHaveCount(agents + 1);
      };
      await say(CALLEE[0]!);
      await expect(dash.getByTestId("live-transcript")).toContainText("yes, go ahead");
      for (const text of CALLEE.slice(1, 6)) await say(text);
      if (SHOTS) {
        await page.screenshot({ path: `${SHOTS}/call-sandbox.png` });
        await page.emulateMedia({ colorScheme: "dark" });
        await page.screenshot({ path: `${SHOTS}/call-sandbox-dark.png` });
        await page.emulateMedia({ colorScheme: "light" });
      }
      for (const text of CALLEE.slice(6)) await say(text);
      await expect(page.getByTestId("callme-outcome")).toHaveText("Interested");
      await expect(dash.getByTestId("live-call")).toHaveCount(0);

      await page.getByTestId("callme-call-link").click();
      await expect(page).toHaveURL(/\/calls\/[0-9a-f-]{36}$/);
      await expect(page.getByTestId("call-outcome")).toHaveText("Interested");
      await expect(page.getByTestId("call-fields")).toContainText("Sunrise Diagnostics");
      await expect(page.getByTestId("call-fields")).toContainText("Pune");
      await expect(page.getByTestId("call-recording")).toHaveText("No recording (sandbox call).");
      await expect(page.getByTestId("call-sandbox")).toBeVisible();
      await expect(page.locator("audio")).toHaveCount(0);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/call-sandbox-page.png`, fullPage: true });
      await context.close();
    });
  });
