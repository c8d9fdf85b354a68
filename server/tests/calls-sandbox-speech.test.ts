// The microphone in Call me: a recorded clip (webm/opus, as the browser's MediaRecorder makes it)
// goes to OpenAI's transcription (the fake) and becomes the sandbox turn as if typed; limits, types,
// roles and a missing provider are refused before anything is transcribed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeOpenAiTranscription } from "./fakes/openai-transcription";
import { bootServer, Client, drivers, loginAs, type TestServer } from "./helpers";

const stt = await fakeOpenAiTranscription();
afterAll(() => stt.close());

/** The start of a WebM file (EBML header), then Opus-ish bytes: what MediaRecorder uploads. */
const CLIP = Buffer.concat([
  Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01]),
  Buffer.alloc(4000, 7),
]);

function clipForm(bytes: Buffer = CLIP, type = "audio/webm;codecs=opus", name = "clip.webm") {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)], { type }), name);
  return form;
}

function useServer(driver: (typeof drivers)[number], env: Record<string, string>) {
  const t = { s: undefined as unknown as TestServer, admin: undefined as unknown as Client, contactId: "" };
  beforeAll(async () => {
    t.s = await bootServer(driver, env);
    t.admin = await loginAs(t.s.url);
    const c = await t.admin.post("/api/contacts", { name: "Lab Speech", phone: "+919876543211" });
    t.contactId = c.body.id ?? c.body.contact?.id;
  });
  afterAll(async () => t.s?.stop());
  return t;
}

describe.each(drivers)("sandbox speech with a transcription provider (%s)", (driver) => {
  const t = useServer(driver, { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: `${stt.url}/v1` });
  const start = async () => {
    const r = await t.admin.post("/api/calls/sandbox", { contactId: t.contactId });
    expect(r.status, r.text).toBe(201);
    return r.body.call.id as string;
  };

  it("transcribes the clip and plays it as the callee's turn", async () => {
    const status = await t.admin.get("/api/calls/sandbox/speech");
    expect(status.body).toEqual({ available: true, reason: null, maxBytes: 2 * 1024 * 1024 });
    const id = await start();
    stt.requests.length = 0;
    stt.script.text = "Yes, go ahead";
    const r = await t.admin.req("POST", `/api/calls/${id}/sandbox/speech`, clipForm());
    expect(r.status, r.text).toBe(200);
    expect(r.body.heard).toBe("Yes, go ahead");
    expect(r.body.replies.length).toBe(1);
    const said = r.body.turns.filter((x: { role: string }) => x.role === "callee").map((x: { text: string }) => x.text);
    expect(said).toEqual(["Yes, go ahead"]);
    // The clip went to OpenAI as it was recorded, named by its format.
    expect(stt.requests).toHaveLength(1);
    expect(stt.requests[0]).toMatchObject({ model: "gpt-4o-mini-transcribe", filename: "audio.webm" });
    expect(stt.requests[0]!.file.equals(CLIP)).toBe(true);
    // The same turn typing makes: the next typed words continue the same flow session.
    const typed = await t.admin.post(`/api/calls/${id}/sandbox`, { text: "Sunrise Diagnostics" });
    expect(typed.status).toBe(200);
    expect(typed.body.turns.filter((x: { role: string }) => x.role === "callee")).toHaveLength(2);
  });

  it("refuses a clip too large, not audio, or silent, and a call that is not a live sandbox call", async () => {
    const id = await start();
    stt.requests.length = 0;
    const big = await t.admin.req(
      "POST",
      `/api/calls/${id}/sandbox/speech`,
      clipForm(Buffer.alloc(2 * 1024 * 1024 + 1, 1)),
    );
    expect(big.status).toBe(413);
    const text = await t.admin.req("POST", `/api/calls/${id}/sandbox/speech`, clipForm(CLIP, "text/plain", "a.txt"));
    expect(text.status).toBe(400);
    expect(text.body.error.code).toBe("validation_failed");
    const none = await t.admin.req("POST", `/api/calls/${id}/sandbox/speech`, new FormData());
    expect(none.status).toBe(400);
    expect(stt.requests).toHaveLength(0);

    stt.script.text = "";
    const silent = await t.admin.req("POST", `/api/calls/${id}/sandbox/speech`, clipForm());
    expect(silent.status).toBe(400);
    expect(silent.body.error.message).toContain("Nothing was heard");
    expect(
      (await t.admin.get(`/api/calls/${id}`)).body.turns.filter((x: { role: string }) => x.role === "callee"),
    ).toEqual([]);

    stt.requests.length = 0;
    expect((await t.admin.post(`/api/calls/${id}/sandbox/hang-up`)).status).toBe(200);
    const ended = await t.admin.req("POST", `/api/calls/${id}/sandbox/speech`, clipForm());
    expect(ended.status).toBe(409);
    const unknown = await t.admin.req("POST", `/api/calls/${crypto.randomUUID()}/sandbox/speech`, clipForm());
    expect(unknown.status).toBe(404);
    expect(stt.requests).toHaveLength(0);
  });

  it("a provider failure is told to the person; nothing is said for them", async () => {
    const id = await start();
    stt.script.statuses = [500];
    const r = await t.admin.req("POST", `/api/calls/${id}/sandbox/speech`, clipForm());
    expect(r.status).toBe(502);
    expect(r.body.error.message).toMatch(/^Speech recognition failed \(HTTP 500\)/);
    expect(
      (await t.admin.get(`/api/calls/${id}`)).body.turns.filter((x: { role: string }) => x.role === "callee"),
    ).toEqual([]);
  });

  it("needs a signed-in agent or admin", async () => {
    const id = await start();
    const anon = new Client(t.s.url);
    expect((await anon.get("/api/calls/sandbox/speech")).status).toBe(401);
    expect((await anon.req("POST", `/api/calls/${id}/sandbox/speech`, clipForm())).status).toBe(401);
  });
});

describe.each(drivers)("sandbox speech without a provider (%s)", (driver) => {
  const t = useServer(driver, {});
  it("says why the microphone is not offered and refuses clips", async () => {
    const status = await t.admin.get("/api/calls/sandbox/speech");
    expect(status.body.available).toBe(false);
    expect(status.body.reason).toContain("No speech recognition is configured");
    const r = await t.admin.post("/api/calls/sandbox", { contactId: t.contactId });
    const clip = await t.admin.req("POST", `/api/calls/${r.body.call.id}/sandbox/speech`, clipForm());
    expect(clip.status).toBe(409);
    expect(clip.body.error.message).toContain("No speech recognition is configured");
  });
});
