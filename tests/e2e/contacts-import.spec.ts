import fs from "node:fs";
import { type Browser, expect, test } from "@playwright/test";
import { ADMIN, closeContexts, signIn, SwitchboardProcess } from "./harness";

/**
 * An admin imports a CSV with bad rows through the wizard (mapping with the preview, progress, the
 * error report), follows a large one live, and opts a contact out from the contact panel.
 * SHOTS_DIR=docs takes the README's screenshots.
 */
test.describe
  .serial("contact import wizard", () => {
    const sb = new SwitchboardProcess();
    const SHOTS = process.env.SHOTS_DIR ?? "";

    test.beforeAll(async () => {
      await sb.start();
      const api = await sb.api();
      const field = await api("POST", "/api/contact-fields", {
        key: "plan",
        label: "Plan",
        type: "choice",
        options: ["Basic", "Pro"],
      });
      expect(field.status).toBe(201);
    });
    test.afterAll(async ({ browser }) => {
      await closeContexts(browser);
      await sb.destroy();
    });

    async function login(browser: Browser, colorScheme: "light" | "dark" = "light") {
      const page = await (await browser.newContext({ colorScheme })).newPage();
      await signIn(page, sb.url, ADMIN);
      await page.goto(`${sb.url}/contacts`);
      return page;
    }

    const csv = [
      "Name,WhatsApp number,Email,Plan,Marketing opt-in,Tags",
      "Lucía García,612 345 678,lucia@example.com,Pro,yes,lab-partners",
      "Ravi Kumar,+91 98765 43210,ravi@example.com,Basic,yes,lab-partners",
      "Ana Torres,+34 622 111 222,,Gold,no,",
      "Wrong Number,12345,,,,",
      "Bob Smith,+1 415 555 2671,bob@example.com,basic,no,walk-in",
    ].join("\n");

    test("upload, map with the preview, import, download the error report", async ({ browser }) => {
      const page = await login(browser);
      await page.getByTestId("import-contacts").click();
      await page
        .getByTestId("import-file")
        .setInputFiles({ name: "partners.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
      await expect(page.getByTestId("import-column")).toHaveCount(6);
      // The phone column was recognised from its header; the custom field by its label.
      await expect(page.getByLabel("Import WhatsApp number as")).toContainText("Phone");
      await expect(page.getByLabel("Import Plan as")).toContainText("Plan (choice)");
      await page.getByLabel("Default country").fill("ES");
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/screenshot-import-mapping.png` });
      await page.getByTestId("start-import").click();
      const summary = page.getByTestId("import-summary");
      await expect(summary).toContainText("Import finished", { timeout: 30_000 });
      await expect(summary).toContainText("Refused2");
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/screenshot-import-summary.png` });
      const download = page.waitForEvent("download");
      await page.getByTestId("import-errors").click();
      const report = fs.readFileSync(await (await download).path(), "utf8");
      expect(report).toContain('4,Plan,Gold,"Plan: ""Gold"" is not one of Basic, Pro"');
      expect(report).toMatch(/5,WhatsApp number,12345,/);
      await page.getByRole("button", { name: "Done" }).click();
      await expect(page.getByText("Lucía García")).toBeVisible();
    });

    // Cancelling is tested on the server (contact-import.test.ts): here the import is too quick to catch.
    test("a large import shows live progress to the end (dark)", async ({ browser }) => {
      const page = await login(browser, "dark");
      const rows = ["Name,Phone", ...Array.from({ length: 30_000 }, (_, i) => `Person ${i},6${10_000_000 + i}`)];
      await page.getByTestId("import-contacts").click();
      await page
        .getByTestId("import-file")
        .setInputFiles({ name: "fair.csv", mimeType: "text/csv", buffer: Buffer.from(rows.join("\n")) });
      await expect(page.getByTestId("import-column")).toHaveCount(2, { timeout: 30_000 });
      await page.getByLabel("Default country").fill("ES");
      await page.getByTestId("start-import").click();
      const bar = page.getByRole("progressbar", { name: "Import progress" });
      await expect(bar).toBeVisible();
      await expect(page.getByText(/^[1-9][\d,.]* of 30,000 rows$/)).toBeVisible({ timeout: 30_000 });
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/screenshot-import-progress-dark.png` });
      await expect(page.getByTestId("cancel-import")).toBeEnabled();
      const summary = page.getByTestId("import-summary");
      await expect(summary).toContainText("Import finished", { timeout: 60_000 });
      await expect(summary).toContainText("New30,000");
    });

    test("the contact panel shows consent and its history; an agent opts a contact out", async ({ browser }) => {
      const api = await sb.api();
      const found = await api("GET", `/api/contacts?q=${encodeURIComponent("Lucía")}`);
      const page = await login(browser);
      await page.goto(`${sb.url}/contacts/${found.body.items[0].id}`);
      const consent = page.getByTestId("consent-section");
      await expect(consent.getByTestId("consent-status")).toHaveText("Opted in");
      await expect(consent).toContainText("by import");
      await expect(consent.getByLabel("Time zone")).toHaveValue("Europe/Madrid");
      await consent.getByTestId("consent-toggle").click();
      await expect(consent.getByTestId("consent-status")).toHaveText("Opted out");
      await expect(consent.getByLabel("Consent history")).toContainText("Opted out by an agent");
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/screenshot-consent.png` });
    });
  });
