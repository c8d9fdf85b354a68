import { type Browser, expect, type Page, test } from "@playwright/test";
import { ADMIN, closeContexts, hostSite, signIn, SwitchboardProcess } from "./harness";

/**
 * A team lead's first morning with the day-one tools: three website visitors write, the lead
 * answers the first with a canned response, labels it, mentions a teammate in a private note (who
 * finds it under Mentions), sorts the rest by who has waited longest and resolves them in bulk.
 */
test.describe
  .serial("day-one inbox tools, end to end", () => {
    const sb = new SwitchboardProcess();
    let site: Awaited<ReturnType<typeof hostSite>>;
    let lead: Page;
    const visitors: Page[] = [];
    const texts = ["First: my order never arrived", "Second: how do I change my address?", "Third: invoice question"];

    test.beforeAll(async () => {
      await sb.start();
      const api = await sb.api();
      const channel = await api("POST", "/api/channels", { type: "webchat", name: "Acme site" });
      expect(channel.status).toBe(201);
      site = await hostSite(sb.url, channel.body.channel.id);
      expect((await api("POST", "/api/labels", { name: "Billing", color: "#d97706" })).status).toBe(201);
      const canned = await api("POST", "/api/canned-responses", {
        shortcut: "sorry",
        title: "Sorry for the wait",
        body: "Sorry for the wait! {{agent.name}} here, I'm **looking into it** now.",
        scope: "shared",
      });
      expect(canned.status, JSON.stringify(canned.body)).toBe(201);
      const sam = await api("POST", "/api/agents", {
        name: "Sam Rivera",
        email: "sam@example.com",
        password: "sam-password-1",
      });
      expect(sam.status).toBe(201);
    });
    test.afterAll(async ({ browser }) => {
      await closeContexts(browser);
      await site?.close();
      await sb.destroy();
    });

    async function login(browser: Browser, email: string, password: string) {
      const page = await (await browser.newContext()).newPage();
      await signIn(page, sb.url, { email, password });
      return page;
    }

    const row = (text: string) => lead.getByTestId("conversation-row").filter({ hasText: text });
    /** The visitors' conversations, in the order they wrote (rows are found by id: a reply changes the preview). */
    const ids: string[] = [];
    const rowOf = (i: number) => lead.locator(`[data-testid="conversation-row"][data-conversation-id="${ids[i]}"]`);

    test("1. three visitors write; the lead sees them live", async ({ browser }) => {
      lead = await login(browser, ADMIN.email, ADMIN.password);
      for (const text of texts) {
        const v = await (await browser.newContext()).newPage();
        await v.goto(site.url);
        await v.getByTestId("sb-launcher").click();
        await v.getByTestId("sb-input").fill(text);
        await v.getByTestId("sb-send").click();
        await expect(v.getByTestId("sb-message").filter({ hasText: text })).toBeVisible();
        await expect(row(text.split(":")[1]!.trim())).toBeVisible();
        ids.push((await row(text.split(":")[1]!.trim()).getAttribute("data-conversation-id"))!);
        visitors.push(v);
      }
    });

    test("2. a canned response inserted with / fills its variables and reaches the visitor formatted", async () => {
      await rowOf(0).click();
      const input = lead.getByTestId("composer-input");
      await input.click();
      await input.pressSequentially("/sor");
      await expect(lead.getByTestId("canned-option").filter({ hasText: "Sorry for the wait" })).toBeVisible();
      await input.press("Enter");
      await expect(input).toHaveValue(/Sorry for the wait! .+ here, I'm \*\*looking into it\*\* now\./);
      await expect(input).not.toHaveValue(/\{\{/);
      await input.press("Enter");
      // The widget renders the Markdown: bold, not asterisks.
      const reply = visitors[0]!.getByTestId("sb-message").filter({ hasText: "looking into it" });
      await expect(reply).toBeVisible();
      await expect(reply.locator("strong")).toHaveText("looking into it");
      await expect(reply).not.toContainText("**");
    });

    test("3. a label added from the thread shows on the thread and on the list row", async () => {
      await lead.getByTestId("label-picker").click();
      await lead.getByRole("menuitemcheckbox", { name: "Billing" }).click();
      await lead.keyboard.press("Escape");
      await expect(
        lead.getByTestId("thread-labels").getByTestId("label-chip").filter({ hasText: "Billing" }),
      ).toBeVisible();
      await expect(rowOf(0).getByTestId("label-chip").filter({ hasText: "Billing" })).toBeVisible();
      // The row says who spoke last, and shows the reply as it reads (no Markdown asterisks).
      await expect(rowOf(0)).toContainText("You: Sorry for the wait!");
      await expect(rowOf(0)).not.toContainText("**");
      // The thread records it as activity.
      await expect(lead.locator('[data-sender-type="system"]').filter({ hasText: /Billing/ })).toBeVisible();
    });

    test("4. an @mention in a private note notifies the teammate, who finds it under Mentions", async ({ browser }) => {
      await lead.getByTestId("note-toggle").click();
      const input = lead.getByTestId("composer-input");
      await input.click();
      await input.pressSequentially("@Sa");
      await expect(lead.getByTestId("mention-option").filter({ hasText: "Sam Rivera" })).toBeVisible();
      await input.press("Enter");
      await input.pressSequentially(" can you check the courier?");
      await input.press("Enter");
      await expect(lead.getByTestId("message-bubble").filter({ hasText: "check the courier" })).toBeVisible();

      const sam = await login(browser, "sam@example.com", "sam-password-1");
      await expect(sam.getByTestId("nav-mentions")).toContainText("1");
      await sam.getByTestId("nav-mentions").click();
      const note = sam.getByTestId("notification-row").filter({ hasText: "check the courier" });
      await expect(note).toBeVisible();
      await note.click();
      await expect(sam.getByTestId("message-bubble").filter({ hasText: "check the courier" })).toBeVisible();
      // The visitor never sees a private note.
      await expect(visitors[0]!.getByTestId("sb-message").filter({ hasText: "courier" })).toHaveCount(0);
    });

    test("5. sorted by oldest waiting, the unanswered come first; two are resolved in bulk", async () => {
      await lead.getByTestId("tab-all").click();
      await lead.getByTestId("sort-menu").click();
      await lead.getByRole("menuitemradio", { name: "Oldest waiting" }).click();
      const rows = lead.getByTestId("conversation-row");
      // The first visitor was answered (no longer waiting): the second, then the third, wait longest.
      await expect(rows.nth(0)).toHaveAttribute("data-conversation-id", ids[1]!);
      await expect(rows.nth(1)).toHaveAttribute("data-conversation-id", ids[2]!);
      await expect(rows.nth(2)).toHaveAttribute("data-conversation-id", ids[0]!);

      await rowOf(1).getByTestId("row-checkbox").click();
      await rowOf(2).getByTestId("row-checkbox").click();
      await expect(lead.getByTestId("bulk-count")).toHaveText("2 selected");
      await lead.getByRole("button", { name: "Resolve selected" }).click();
      await expect(rowOf(1)).toHaveCount(0);
      await expect(rowOf(2)).toHaveCount(0);
      await expect(rowOf(0)).toBeVisible();

      const api = await sb.api();
      const resolved = await api("GET", "/api/conversations?status=resolved&assignee=any");
      expect(resolved.status).toBe(200);
      const resolvedIds = (resolved.body.items as { id: string }[]).map((c) => c.id).sort();
      expect(resolvedIds).toEqual([ids[1]!, ids[2]!].sort());
    });
  });
