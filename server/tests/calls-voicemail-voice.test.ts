// The voicemail in the flow's ElevenLabs voice: synthesised once per flow + text + voice, stored
// with the attachments, served at a signed expiring URL Twilio's <Play> fetches (without our
// signature), and <Say> with the reason recorded when ElevenLabs fails.
import { afterAll, describe, expect, it } from "vitest";
import { signedVoicemailUrl, voicemailAudioHash } from "../src/features/calls/voicemail-audio";
import { getFlow } from "../src/features/flows";
import { callById, eventsOf, placeCall, useCalls } from "./calls-suite";
import { fakeElevenLabsTts } from "./fakes/elevenlabs-tts";
import { drivers, waitFor } from "./helpers";
import type { Client } from "./helpers";

const tts = await fakeElevenLabsTts();
afterAll(() => tts.close());
const MESSAGE = "Hello from the lab partner network, we will send the details on WhatsApp.";
const VOICE = "voice-asha-0001";

async function flowWith(admin: Client, over: Record<string, unknown>) {
  const items = (await admin.get("/api/flows")).body.items as { id: string }[];
  const {
    id: _id,
    version: _v,
    createdAt: _c,
    updatedAt: _u,
    ...body
  } = (await admin.get(`/api/flows/${items.at(-1)!.id}`)).body;
  const r = await admin.post("/api/flows", { ...body, name: `Flow ${crypto.randomUUID().slice(0, 8)}`, ...over });
  if (r.status !== 201) throw new Error(`POST /api/flows: ${r.status} ${r.text}`);
  return r.body as { id: string; language: string };
}

describe.each(drivers)("voicemail in the flow's ElevenLabs voice (%s)", (driver) => {
  const t = useCalls(driver, { ELEVENLABS_API_KEY: "el-test", ELEVENLABS_API_URL: tts.url });

  async function machineAnswers(flowId: string) {
    const call = await placeCall(t, { flowId });
    await t.fake.status(call.sid, "in-progress");
    expect((await t.fake.amd(call.sid, "machine_end_beep")).status).toBe(204);
    await waitFor(async () => (await callById(t.s, call.id))?.voicemailState === "left", 10_000);
    return call;
  }

  it("updates the call to <Play> a signed URL of the synthesised message, then <Hangup/>; the URL serves the MP3", async () => {
    const flow = await flowWith(t.admin, { voicemailMessage: MESSAGE, voice: VOICE });
    tts.requests.length = 0;
    const { id, sid } = await machineAnswers(flow.id);
    expect(tts.requests).toEqual([
      { voice: VOICE, format: "mp3_22050_32", text: MESSAGE, modelId: "eleven_flash_v2_5" },
    ]);
    const twiml = t.fake.lastTwiml(sid)!;
    const hash = voicemailAudioHash(t.s.ctx, await getFlow(t.s.ctx.db, flow.id), MESSAGE);
    const base = `${t.s.ctx.publicUrl()}/webhooks/twilio/voicemail-audio/${hash}.mp3`;
    const m = /^<\?xml version="1.0" encoding="UTF-8"\?><Response><Play>(.+)<\/Play><Hangup\/><\/Response>$/.exec(
      twiml,
    );
    expect(m, twiml).not.toBeNull();
    const url = m![1]!.replaceAll("&amp;", "&");
    expect(url).toMatch(new RegExp(`^${base.replace(/[.?]/g, "\\$&")}\\?exp=\\d+&sig=[\\w-]+$`));
    // Twilio fetches <Play> URLs with no signature and no session: the URL's token is the check.
    const audio = await fetch(url);
    expect(audio.status).toBe(200);
    expect(audio.headers.get("content-type")).toBe("audio/mpeg");
    expect(Buffer.from(await audio.arrayBuffer()).equals(tts.audio)).toBe(true);
    const row = (await callById(t.s, id))!;
    expect(row).toMatchObject({ voicemailState: "left", voicemailReason: null });
    expect((await eventsOf(t.s, id)).map((e) => e.summary)).toContain(
      "voicemail: message left after the beep (the flow's ElevenLabs voice)",
    );

    // The same flow, text and voice: the stored audio is reused, ElevenLabs is not asked again.
    const again = await machineAnswers(flow.id);
    expect(tts.requests).toHaveLength(1);
    expect(t.fake.lastTwiml(again.sid)).toContain(`${hash}.mp3?exp=`);
  });

  it("refuses an expired, forged or malformed audio URL", async () => {
    const flow = await flowWith(t.admin, { voicemailMessage: `${MESSAGE} Expiry.`, voice: VOICE });
    const { sid } = await machineAnswers(flow.id);
    const url = /<Play>(.+)<\/Play>/.exec(t.fake.lastTwiml(sid)!)![1]!.replaceAll("&amp;", "&");
    const hash = /voicemail-audio\/([0-9a-f]{64})\.mp3/.exec(url)![1]!;
    expect((await fetch(url)).status).toBe(200);
    const expired = signedVoicemailUrl(t.s.ctx, hash, Date.now() - 11 * 60_000);
    expect((await fetch(expired)).status).toBe(403);
    const forged = url.replace(/sig=[\w-]+/, `sig=${"A".repeat(43)}`);
    expect((await fetch(forged)).status).toBe(403);
    // A valid signature for one audio does not open another.
    const other = url.replace(hash, "0".repeat(64));
    expect((await fetch(other)).status).toBe(403);
    expect((await fetch(url.replace(/\?.*$/, ""))).status).toBe(403);
    expect((await fetch(url.replace(".mp3?", ".wav?"))).status).toBe(403);
  });

  it("falls back to <Say> when ElevenLabs fails, and records why", async () => {
    const flow = await flowWith(t.admin, { voicemailMessage: `${MESSAGE} Fallback.`, voice: VOICE });
    tts.mode.status = 500;
    let call: { id: string; sid: string };
    try {
      call = await machineAnswers(flow.id);
    } finally {
      tts.mode.status = null;
    }
    expect(t.fake.lastTwiml(call.sid)).toBe(
      `<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-IN">${MESSAGE} Fallback.</Say><Hangup/></Response>`,
    );
    const page = (await t.admin.get(`/api/calls/${call.id}`)).body;
    expect(page.call.voicemail).toMatchObject({ state: "left", messageLeft: true });
    expect(page.call.voicemail.reason).toBe(
      "ElevenLabs failed (HTTP 500): TTS is overloaded; spoken with Twilio's voice",
    );
    await waitFor(async () => (await callById(t.s, call.id))?.outcome === "voicemail");
    expect((await callById(t.s, call.id))!.summary).toContain("message left: yes (ElevenLabs failed (HTTP 500)");
  });
});
