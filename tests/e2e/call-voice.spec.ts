import fs from "node:fs";
import net from "node:net";
import { expect, test } from "@playwright/test";
import { createTwilioFake } from "../../server/src/features/calls/fake";
import { serveFake } from "../../server/tests/fakes";
import { fakeTranscription } from "../../server/tests/fakes/media-streams";
import { ADMIN, closeContexts, signIn, SwitchboardProcess } from "./harness";

const ACCOUNT = `AC${"e2".repeat(16)}`;
const TOKEN = "e2e-twilio-auth-token";
const MESSAGE =
  "Hello, this is Asha from the lab partner network. We send people looking for tests to labs near them, with zero commission. We will send the details on WhatsApp. Thank you.";

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/**
 * A call that reaches an answering machine, through the real server and the Twilio fake: AMD says
 * machine_end_beep, the server updates the live call with the flow's voicemail message; the
 * recording is downloaded and OpenAI's transcription (a fake) makes the post-call transcript. The
 * call page shows "message left: yes", the recording and its transcript.
 */
test.describe
  .serial("voicemail and the recording's transcript (Twilio fake)", () => {
    const sb = new SwitchboardProcess();
    const SHOTS = process.env.SHOTS_DIR ?? "";
    const twilio = createTwilioFake({ accountSid: ACCOUNT, authToken: TOKEN });
    const closers: (() => Promise<void>)[] = [];
    test.beforeAll(async () => {
      const tw = await serveFake(twilio.router);
      // What OpenAI would hear on the recording: the message left after the beep.
      const stt = await fakeTranscription([MESSAGE]);
      closers.push(tw.close, stt.close);
      sb.port = await freePort();
      // The child server inherits process.env: set for this server only, restored after (one worker runs every spec).
      const env = {
        TWILIO_ACCOUNT_SID: ACCOUNT,
        TWILIO_AUTH_TOKEN: TOKEN,
        TWILIO_PHONE_NUMBER: "+14155550100",
        TWILIO_API_URL: tw.url,
        OPENAI_API_KEY: "sk-test",
        OPENAI_BASE_URL: `${stt.url}/v1`,
        PUBLIC_URL: `http://localhost:${sb.port}`,
      };
      const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
      Object.assign(process.env, env);
      try {
        await sb.start();
      } finally {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      }
      if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
    });
    test.afterAll(async ({ browser }) => {
      await closeContexts(browser);
      await sb.destroy();
      for (const c of closers) await c();
    });

    test("a machine gets the flow's message after the beep; the call page shows it with the transcript", async ({
      browser,
    }) => {
      const api = await sb.api();
      const c = await api("POST", "/api/contacts", { name: "Apollo Diagnostics", phone: "+14155552672" });
      expect(c.status).toBe(201);
      const flows = await api("GET", "/api/flows");
      const flowId = flows.body.items[0].id as string;
      const placed = await api("POST", "/api/calls", { contactId: c.body.id ?? c.body.contact?.id, flowId });
      expect(placed.status).toBe(201);
      await expect.poll(() => twilio.calls.size).toBe(1);
      const sid = [...twilio.calls.keys()][0]!;
      await expect.poll(async () => (await api("GET", `/api/calls/${placed.body.id}`)).body.call.providerSid).toBe(sid);
      for (const st of ["initiated", "ringing", "in-progress"]) expect((await twilio.status(sid, st)).status).toBe(204);
      expect((await twilio.amd(sid, "machine_end_beep")).status).toBe(204);
      await expect.poll(() => twilio.lastTwiml(sid)).toContain(`<Say language="en-IN">${MESSAGE}</Say><Hangup/>`);
      await twilio.status(sid, "completed", { CallDuration: "24" });
      await twilio.recording(sid, "completed", 3);
      await expect
        .poll(async () => (await api("GET", `/api/calls/${placed.body.id}`)).body.call.transcript?.state, {
          timeout: 20_000,
        })
        .toBe("done");

      const page = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
      await signIn(page, sb.url, ADMIN);
      await page.goto(`${sb.url}/calls/${placed.body.id}`);
      await expect(page.getByTestId("call-outcome")).toHaveText("Voicemail");
      await expect(page.getByTestId("call-voicemail")).toContainText("Message left: yes");
      await expect(page.getByTestId("call-recording-transcript")).toContainText("zero commission");
      await expect(page.locator("audio")).toHaveCount(1);
      if (SHOTS) {
        await page.screenshot({ path: `${SHOTS}/screenshot-call.png` });
        await page.emulateMedia({ colorScheme: "dark" });
        await page.screenshot({ path: `${SHOTS}/screenshot-call-dark.png` });
        await page.emulateMedia({ colorScheme: "light" });
      }
      // The flow editor's follow-up WhatsApp (no WhatsApp number here: no approved template to pick, so "Off").
      await page.goto(`${sb.url}/flows/${flowId}`);
      await page.getByRole("tab", { name: "Voice and limits" }).click();
      await expect(page.getByTestId("flow-follow-up")).toContainText("No WhatsApp is sent after calls of this flow.");
      await expect(page.getByLabel("Follow-up template")).toHaveValue("");
      if (SHOTS) {
        await page.screenshot({ path: `${SHOTS}/flow-follow-up.png`, fullPage: true });
        await page.emulateMedia({ colorScheme: "dark" });
        await page.screenshot({ path: `${SHOTS}/flow-follow-up-dark.png`, fullPage: true });
      }
    });
  });
