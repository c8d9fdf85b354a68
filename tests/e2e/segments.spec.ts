import { expect, test } from "@playwright/test";
import { ADMIN, closeContexts, signIn, SwitchboardProcess } from "./harness";

/**
 * An admin builds a segment on the contacts page: conditions added row by row, the live count and
 * sample follow each edit, then it is saved, listed with its count, and deleted.
 * SHOTS_DIR=docs takes docs/screenshot-segments.png.
 */
test.describe
  .serial("segments", () => {
    const sb = new SwitchboardProcess();
    const SHOTS = process.env.SHOTS_DIR ?? "";

    test.beforeAll(async () => {
      await sb.start();
      const api = await sb.api();
      expect((await api("POST", "/api/contact-fields", { key: "city", label: "City", type: "text" })).status).toBe(201);
      const vip = await api("POST", "/api/labels", { name: "lab-partners", color: "#2563eb" });
      for (const [name, phone, city, tagged] of [
        ["Lucía García", "+34612345678", "Madrid", true],
        ["Ravi Kumar", "+919876543210", "Mumbai", true],
        ["Ana Torres", "+34622111222", "Madrid", false],
        ["Bob Smith", "+14155552671", "Austin", true],
      ] as const) {
        const c = await api("POST", "/api/contacts", { name, phone });
        expect(c.status).toBe(201);
        await api("PATCH", `/api/contacts/${c.body.id}`, { attributes: { city } });
        if (tagged) await api("POST", `/api/contacts/${c.body.id}/labels`, { labelId: vip.body.id });
      }
    });
    test.afterAll(async ({ browser }) => {
      await closeContexts(browser);
      await sb.destroy();
    });

    test("build with a live count, save, list, delete", async ({ browser }) => {
      const page = await (
        await browser.newContext({ colorScheme: "dark", viewport: { width: 1024, height: 700 } })
      ).newPage();
      await signIn(page, sb.url, ADMIN);
      await page.goto(`${sb.url}/contacts`);
      await page.getByTestId("view-segments").click();
      const count = page.getByTestId("segment-count");
      await expect(count).toContainText("4 contacts");
      await expect(page.getByText("No segments yet")).toBeVisible();
      await page.getByTestId("add-condition").click();
      await expect(count).toContainText("3 contacts");
      await page.getByLabel("Condition kind").selectOption("text");
      await page.getByTestId("add-condition").click();
      await page.getByLabel("Value").fill("madrid");
      await expect(count).toContainText("1 contact");
      await expect(count).toContainText("Lucía García");
      await page.getByLabel("Match").selectOption("any");
      await expect(count).toContainText("4 contacts");
      await page.getByLabel("Match").selectOption("all");
      await expect(count).toContainText("1 contact");
      await page.getByLabel("Segment name").fill("Madrid partners");
      await page.getByTestId("save-segment").click();
      const saved = page.getByTestId("segments-view").getByRole("button", { name: /Madrid partners/ });
      await expect(saved).toContainText("1");
      await expect(count).toContainText("1 contact");
      await expect(page.getByText("Segment created")).toBeHidden({ timeout: 15_000 });
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/screenshot-segments.png` });
      await page.getByTestId("delete-segment").click();
      await page.getByRole("button", { name: "Delete segment" }).click();
      await expect(page.getByText("No segments yet")).toBeVisible();
    });
  });
