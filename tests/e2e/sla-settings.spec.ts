import { expect, type Page, test } from "@playwright/test";
import { ADMIN, closeContexts, signIn, SwitchboardProcess } from "./harness";

/**
 * An admin sets up SLA: a business-hours schedule (Madrid, a lunch break on Monday, a holiday) and a
 * policy for gold customers (a contact-field condition), moves it ahead of the default policy, reloads
 * and finds both as saved; an edit makes version 2, shown in the history.
 * SHOTS_DIR=docs takes docs/screenshot-sla-settings[-dark].png.
 */
test.describe
  .serial("SLA settings", () => {
    const sb = new SwitchboardProcess();
    const SHOTS = process.env.SHOTS_DIR ?? "";

    test.beforeAll(async () => {
      await sb.start();
    });
    test.afterAll(async ({ browser }) => {
      await closeContexts(browser);
      await sb.destroy();
    });

    const policyNames = (page: Page) =>
      page
        .getByRole("list", { name: "Policies" })
        .locator(":scope > li")
        .evaluateAll((els) => els.map((el) => el.getAttribute("aria-label")));

    test("schedule, contact-field policy, reorder, reload, history", async ({ browser }) => {
      const page = await (await browser.newContext({ viewport: { width: 1024, height: 760 } })).newPage();
      await signIn(page, sb.url, ADMIN);
      await page
        .getByRole("button", { name: "Not now" })
        .click({ timeout: 5000 })
        .catch(() => {});
      await page.goto(`${sb.url}/settings/sla`);
      await page
        .getByRole("button", { name: "Not now" })
        .click({ timeout: 3000 })
        .catch(() => {});
      await expect(page.getByRole("list", { name: "Schedules" }).getByText("Office hours")).toBeVisible();
      await expect.poll(() => policyNames(page)).toEqual(["Default"]);

      // A schedule: Madrid, Monday with a lunch break, one holiday.
      await page.getByRole("button", { name: "Schedule", exact: true }).click();
      const sched = page.getByRole("dialog");
      await sched.getByLabel("Name", { exact: true }).fill("Madrid support");
      await sched.getByLabel("Time zone").selectOption("Europe/Madrid");
      await sched.getByLabel("Mon until").first().fill("13:00");
      await sched.getByRole("button", { name: "Add a Mon period" }).click();
      await sched.getByLabel("Mon from").nth(1).fill("14:00");
      await sched.getByLabel("Mon until").nth(1).fill("18:00");
      await sched.getByRole("button", { name: "Holiday", exact: true }).click();
      await sched.getByLabel("Holiday date").fill("2027-01-06");
      await sched.getByLabel("Holiday name").fill("Reyes");
      await sched.getByRole("button", { name: "Add schedule" }).click();
      await expect(sched).toBeHidden();
      const madrid = page.getByRole("list", { name: "Schedules" }).getByRole("listitem").filter({ hasText: "Madrid" });
      await expect(madrid).toContainText("Europe/Madrid");
      await expect(madrid).toContainText("Mon 09:00–13:00, 14:00–18:00; Tue–Fri 09:00–17:00 · 1 holiday");

      // A policy for gold customers, on that schedule, 30 calendar minutes to the first reply at normal.
      await page.getByRole("button", { name: "Policy", exact: true }).click();
      const pol = page.getByRole("dialog");
      await pol.getByLabel("Name", { exact: true }).fill("Gold customers");
      await pol.getByLabel("Business hours").selectOption({ label: "Madrid support (Europe/Madrid)" });
      await pol.getByLabel("Warn at %").fill("80");
      await pol.getByRole("button", { name: "Condition", exact: true }).click();
      await pol.getByLabel("Condition 1 field").selectOption("contactField");
      await pol.getByLabel("Contact field key").fill("plan");
      await pol.getByLabel("Contact field operator").selectOption("in");
      await pol.getByLabel("Contact field value").fill("gold, platinum");
      await pol.getByRole("tab", { name: /normal/ }).click();
      await pol.getByLabel("First reply target").fill("30");
      await pol.getByLabel("First reply unit").selectOption("minutes");
      await pol.getByLabel("First reply hours").selectOption("calendar");
      await pol.getByRole("button", { name: "Add policy" }).click();
      await expect(pol).toBeHidden();
      await expect.poll(() => policyNames(page)).toEqual(["Default", "Gold customers"]);

      // First match wins: gold customers go first.
      await page.getByRole("button", { name: "Move Gold customers up" }).click();
      await expect.poll(() => policyNames(page)).toEqual(["Gold customers", "Default"]);
      await expect(page.getByRole("button", { name: "Move Gold customers up" })).toBeDisabled();

      await page.reload();
      await expect.poll(() => policyNames(page)).toEqual(["Gold customers", "Default"]);
      const gold = page.getByRole("listitem", { name: "Gold customers" });
      await expect(gold).toContainText("Contact plan in gold, platinum");
      await expect(gold).toContainText("first reply 30 min (calendar)");
      await expect(gold).toContainText("Madrid support · warn at 80 %");
      const api = await sb.api();
      const [first] = (await api("GET", "/api/sla/policies")).body.items;
      expect(first).toMatchObject({
        name: "Gold customers",
        warningPercent: 80,
        conditions: [{ field: "contactField", key: "plan", op: "in", values: ["gold", "platinum"] }],
      });
      expect(first.targets.normal.firstReply).toEqual({ minutes: 30, hours: "calendar" });
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/screenshot-sla-settings.png`, fullPage: true });

      // An edit writes version 2; the history shows both.
      await page.getByRole("button", { name: "Edit Gold customers" }).click();
      await page.getByRole("dialog").getByLabel("Contact field operator").selectOption("exists");
      await page.getByRole("dialog").getByRole("button", { name: "Save new version" }).click();
      await expect(gold).toContainText("v2");
      await expect(gold).toContainText("Contact plan is set");
      await page.getByRole("button", { name: "History of Gold customers" }).click();
      const history = page.getByRole("list", { name: "Gold customers versions" });
      await expect(history.getByRole("listitem")).toHaveCount(2);
      await expect(history.getByRole("listitem").first()).toContainText("Version 2 (current)");
      await expect(history.getByRole("listitem").nth(1)).toContainText("Contact plan in gold, platinum");
      if (SHOTS) {
        await expect(page.getByText("Saved as version 2")).toBeHidden(); // the toast, not part of the page
        await page.emulateMedia({ colorScheme: "dark" });
        await page.screenshot({ path: `${SHOTS}/screenshot-sla-settings-dark.png`, fullPage: true });
      }
    });
  });
