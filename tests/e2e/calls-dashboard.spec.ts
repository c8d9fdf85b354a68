import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { ADMIN, closeContexts, signIn, SwitchboardProcess } from "./harness";

/**
 * The live call dashboard (/calls/live) from the calls list: the state tiles, the empty live and
 * campaign sections, light and dark at 1024 px. (The full sandbox call journey is calls-live, issue 11.)
 */
test.describe
  .serial("live call dashboard", () => {
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

    test("an admin opens the live dashboard from the calls list", async ({ browser }) => {
      const page = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
      await signIn(page, sb.url, ADMIN);
      await page.goto(`${sb.url}/calls`);
      await page.getByTestId("calls-live-link").click();
      await expect(page).toHaveURL(/\/calls\/live$/);
      await expect(page.getByTestId("call-tile-in_progress")).toContainText("0");
      await expect(page.getByTestId("call-tile-voicemail")).toContainText("Voicemail");
      await expect(page.getByText("No call in progress")).toBeVisible();
      await expect(page.getByText("No turns measured yet")).toBeVisible();
      await expect(page.getByText("No call campaign")).toBeVisible();
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/calls-live.png`, fullPage: true });
      await page.emulateMedia({ colorScheme: "dark" });
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/calls-live-dark.png`, fullPage: true });
    });
  });
