import { expect, test } from "@playwright/test";
import { ADMIN, closeContexts, signIn, SwitchboardProcess } from "./harness";

/**
 * An agent works the tickets page: searches, ticks two tickets and sets them urgent in one bulk edit,
 * switches to the board and moves a card to pending through its menu.
 * SHOTS_DIR=docs takes docs/screenshot-tickets-{list,board}[-dark].png.
 */
test.describe
  .serial("tickets page", () => {
    const sb = new SwitchboardProcess();
    const SHOTS = process.env.SHOTS_DIR ?? "";
    const ids: Record<string, string> = {};

    test.beforeAll(async () => {
      await sb.start();
      const api = await sb.api();
      const me = (await api("GET", "/api/me")).body.user as { id: string };
      for (const [subject, priority, status, tags, mine] of [
        ["Refund for order 5521", "normal", "open", ["billing"], false],
        ["Refund for order 5522", "low", "new", ["billing"], false],
        ["Courier lost the parcel", "high", "open", ["shipping"], true],
        ["Invoice shows the wrong VAT number", "normal", "pending", ["billing"], true],
        ["Warehouse API returns 500", "urgent", "on_hold", ["integration"], true],
        ["Change the delivery address", "low", "new", [], false],
        ["Login link expired", "normal", "open", ["account"], true],
      ] as const) {
        const r = await api("POST", "/api/tickets", {
          subject,
          priority,
          status,
          tags,
          type: "problem",
          ...(mine ? { assigneeId: me.id } : {}),
        });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        ids[subject] = r.body.id;
      }
    });
    test.afterAll(async ({ browser }) => {
      await closeContexts(browser);
      await sb.destroy();
    });

    test("search, select both, bulk urgent, board, move to pending", async ({ browser }) => {
      const page = await (await browser.newContext({ viewport: { width: 1024, height: 680 } })).newPage();
      await signIn(page, sb.url, ADMIN);
      const notNow = page.getByRole("button", { name: "Not now" }); // the availability prompt, not what this is about
      await notNow.click({ timeout: 5000 }).catch(() => {});
      await page.goto(`${sb.url}/tickets`);
      const table = page.getByTestId("ticket-table");
      await expect(table.getByRole("row")).toHaveCount(8);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/screenshot-tickets-list.png` });

      await page.keyboard.press("/");
      await page.keyboard.type("refund");
      await expect(table.getByRole("row")).toHaveCount(3);
      await page.keyboard.press("Escape");
      await page.getByTestId("ticket-select-all").check();
      await expect(page.getByTestId("ticket-bulk-count")).toHaveText("2 selected");
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/screenshot-tickets-bulk.png` });
      await page.getByTestId("bulk-priority").click();
      await page.getByTestId("bulk-priority-urgent").click();
      await expect(page.getByTestId("ticket-bulk-bar")).toBeHidden();
      await expect(table.getByText("Urgent")).toHaveCount(2);
      const api = await sb.api();
      for (const s of ["Refund for order 5521", "Refund for order 5522"])
        expect((await api("GET", `/api/tickets/${ids[s]}`)).body.priority).toBe("urgent");

      await page.keyboard.press("b");
      const open = page.getByTestId("board-column-open");
      await expect(open.getByTestId("board-card")).toHaveCount(1);
      await open.getByTestId("board-card-menu").click();
      await page.getByTestId("move-to-pending").click();
      await expect(page.getByTestId("board-column-pending").getByText("Refund for order 5521")).toBeVisible();
      expect((await api("GET", `/api/tickets/${ids["Refund for order 5521"]}`)).body.status).toBe("pending");

      await page.getByTestId("ticket-search").fill("");
      await page.keyboard.press("Escape"); // leave the search box: letters there are typing, not shortcuts
      await expect(page.getByTestId("board-card")).toHaveCount(7);
      await expect(page.getByText("#1 moved to Pending")).toBeHidden();
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/screenshot-tickets-board.png` });
      await page.emulateMedia({ colorScheme: "dark" });
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/screenshot-tickets-board-dark.png` });
      await page.keyboard.press("b");
      await expect(table).toBeVisible();
      await page.keyboard.press("j");
      await page.keyboard.press("j");
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/screenshot-tickets-list-dark.png` });
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(/\/tickets\/[0-9a-f-]{36}$/);
    });
  });
