import fs from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { ADMIN, closeContexts, signIn, SwitchboardProcess } from "./harness";

/**
 * Templates, end to end on a sandbox WhatsApp number: the admin writes a template with a variable
 * (the preview fills in the example as it is typed), saves the draft, submits it, and sees Meta's
 * approval (the sandbox fake's signed status webhook) arrive on the page without a reload.
 */
test.describe
  .serial("templates: write, preview, submit, approved live", () => {
    const sb = new SwitchboardProcess();
    const SHOTS = process.env.SHOTS_DIR ?? "";
    let page: Page;

    test.beforeAll(async () => {
      await sb.start();
      const api = await sb.api();
      const ch = await api("POST", "/api/channels", { type: "whatsapp", name: "Lab network", sandbox: true });
      expect(ch.status).toBe(201);
      if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
    });
    test.afterAll(async ({ browser }) => {
      await closeContexts(browser);
      await sb.destroy();
    });

    test("the admin writes a template and submits it; the approval shows up live", async ({ browser }) => {
      page = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
      await signIn(page, sb.url, ADMIN);
      await page.getByTestId("nav-templates").click();
      await expect(page.getByTestId("template-list")).toContainText("hello_world");

      await page.keyboard.press("n");
      await page.locator("#tpl-name").fill("lab_invite");
      await page.locator("#tpl-body").fill("Hello {{1}}, join our partner network of labs at no commission.");
      await page.locator("#tpl-example-1").fill("City Lab");
      await page.locator("#tpl-footer").fill("Reply STOP to opt out");
      await page.getByRole("button", { name: "+ Quick reply" }).click();
      await page.getByPlaceholder("Label").fill("Tell me more");
      await expect(page.getByTestId("template-preview")).toContainText("Hello City Lab, join our partner network");
      await page.getByRole("button", { name: "Save draft" }).click();
      const item = page.getByTestId("template-list").locator("li").filter({ hasText: "lab_invite" });
      await expect(item.getByTestId("template-status")).toHaveText("draft");
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/screenshot-templates.png` });

      await page.getByRole("button", { name: "Submit for review" }).click();
      await expect(item.getByTestId("template-status")).toHaveText("approved");
      await page.emulateMedia({ colorScheme: "dark" });
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/screenshot-templates-dark.png` });
    });
  });
