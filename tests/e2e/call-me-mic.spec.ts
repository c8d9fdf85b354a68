import fs from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { fakeOpenAiTranscription } from "../../server/tests/fakes/openai-transcription";
import { ADMIN, closeContexts, SwitchboardProcess } from "./harness";

/**
 * Call me with the microphone: Chromium's fake capture device stands in for a person's microphone,
 * the page records while the button is held (MediaRecorder), and the clip goes through the server to
 * the OpenAI transcription fake; its text is the callee's turn, as if typed.
 */
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
    ],
  },
});

test.describe
  .serial("call me with the microphone", () => {
    const sb = new SwitchboardProcess();
    const SHOTS = process.env.SHOTS_DIR ?? "";
    let stt: Awaited<ReturnType<typeof fakeOpenAiTranscription>>;
    test.beforeAll(async () => {
      stt = await fakeOpenAiTranscription();
      // The child server inherits the environment: speech recognition is the fake.
      process.env.OPENAI_API_KEY = "sk-test";
      process.env.OPENAI_BASE_URL = `${stt.url}/v1`;
      await sb.start();
      if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
    });
    test.afterAll(async ({ browser }) => {
      await closeContexts(browser);
      await sb.destroy();
      await stt?.close();
      delete process.env.OPENAI_API_KEY;
      delete process.env.OPENAI_BASE_URL;
    });

    const login = async (page: Page) => {
      await page.goto(`${sb.url}/login`);
      await page.getByTestId("login-email").fill(ADMIN.email);
      await page.getByTestId("login-password").fill(ADMIN.password);
      await page.getByTestId("login-submit").click();
      await expect(page).toHaveURL(/\/inbox/);
    };

    test("holding the button records, and the transcribed words are the callee's turn", async ({ browser }) => {
      const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
      const page = await context.newPage();
      await login(page);
      await page.goto(`${sb.url}/sandbox/call`);
      await page.getByTestId("callme-new").click();
      await expect(page.getByTestId("callme-start")).toContainText("Sandbox callee");
      await page.getByTestId("callme-start").click();
      const transcript = page.getByTestId("callme-transcript");
      await expect(transcript.locator('[data-role="agent"]').first()).toContainText("recorded");
      const mic = page.getByTestId("callme-mic");
      await expect(mic).toHaveText("Hold to talk");

      stt.script.text = "Yes, go ahead";
      const box = (await mic.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await expect(mic).toHaveAttribute("data-state", "recording");
      await expect(mic).toHaveText("Listening… let go to send");
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/screenshot-call-sandbox-mic.png` });
      // The person holds the button while speaking: the hold is the action itself (the page ignores
      // a tap under 300 ms), not a wait for something to happen.
      await page.waitForTimeout(900);
      expect(stt.requests).toHaveLength(0);
      await page.mouse.up();
      await expect(transcript.locator('[data-role="callee"]').first()).toHaveText("Yes, go ahead");
      await expect(transcript.locator('[data-role="agent"]')).toHaveCount(2);
      expect(stt.requests).toHaveLength(1);
      // What Chromium's MediaRecorder made: WebM (EBML header), named so by the SDK for OpenAI.
      expect(stt.requests[0]!.filename).toBe("audio.webm");
      expect(stt.requests[0]!.file.subarray(0, 4).toString("hex")).toBe("1a45dfa3");
      await expect(mic).toHaveAttribute("data-state", "idle");
      if (SHOTS) {
        await page.screenshot({ path: `${SHOTS}/screenshot-call-sandbox.png` });
        await page.emulateMedia({ colorScheme: "dark" });
        await page.screenshot({ path: `${SHOTS}/screenshot-call-sandbox-dark.png` });
        await page.emulateMedia({ colorScheme: "light" });
      }
      await context.close();
    });
  });
