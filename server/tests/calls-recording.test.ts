import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "../src/features/audit/schema";
import { fetchRecordingJob } from "../src/features/calls/fetch-recording";
import { signRecordingLink } from "../src/features/calls/recording-links";
import { storedFiles } from "../src/platform/db/platform-tables";
import { ACCOUNT, callById, placeCall, useCalls } from "./calls-suite";
import { Client, drivers, loginAs, waitFor } from "./helpers";

const pathOf = (url: string) => new URL(url).pathname + new URL(url).search;

describe.each(drivers)("call recordings (%s)", (driver) => {
  const t = useCalls(driver);

  it("downloads the recording with Basic auth, stores it, and serves it through a signed link (audited)", async () => {
    const { id, sid } = await placeCall(t);
    await t.fake.status(sid, "in-progress");
    expect((await t.fake.recording(sid, "in-progress")).status).toBe(204);
    expect((await t.fake.recording(sid, "completed", 2)).status).toBe(204);
    await waitFor(async () => (await callById(t.s, id))!.recordingState === "stored");
    const row = (await callById(t.s, id))!;
    const wav = t.fake.recordings.get(t.fake.calls.get(sid)!.recordingSid!)!;
    expect(row).toMatchObject({ recordingBytes: wav.length, recordingDuration: 2, recordingChannels: 2 });
    const download = t.fake.log.find((l) => l.path.includes("/Recordings/"));
    expect(download).toMatchObject({
      method: "GET",
      status: 200,
      path: `/2010-04-01/Accounts/${ACCOUNT}/Recordings/${t.fake.calls.get(sid)!.recordingSid}.wav`,
    });

    const link = await t.admin.post(`/api/calls/${id}/recording-link`);
    expect(link.status).toBe(200);
    const res = await t.admin.get(pathOf(link.body.url));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("audio/x-wav");
    const bytes = Buffer.from(
      await (await fetch(`${t.s.url}${pathOf(link.body.url)}`, { headers: { cookie: t.admin.cookie } })).arrayBuffer(),
    );
    expect(bytes.equals(wav)).toBe(true);
    expect(bytes.subarray(0, 4).toString("ascii")).toBe("RIFF");
    expect(bytes.readUInt16LE(20)).toBe(7); // μ-law
    const audits = await t.s.ctx.db.select().from(auditLog).where(eq(auditLog.action, "call.recording_downloaded"));
    expect(audits.length).toBeGreaterThanOrEqual(1);
    expect(audits[0]).toMatchObject({ targetId: id, actorType: "user" });

    const page = await t.admin.get(`/api/calls/${id}`);
    expect(page.body.call.recording).toMatchObject({ state: "stored", reason: null });
  });

  it("refuses a link that expired, was tampered with, is someone else's, or comes without a session", async () => {
    const { id, sid } = await placeCall(t);
    await t.fake.recording(sid, "completed");
    await waitFor(async () => (await callById(t.s, id))!.recordingState === "stored");
    const adminId = (await t.admin.get("/api/me")).body.user.id as string;
    const expired = signRecordingLink(t.s.ctx, id, adminId, Date.now() - 6 * 60_000);
    expect((await t.admin.get(pathOf(expired.url))).status).toBe(403);
    const fresh = signRecordingLink(t.s.ctx, id, adminId, Date.now());
    expect((await t.admin.get(pathOf(fresh.url))).status).toBe(200);
    expect((await t.admin.get(pathOf(fresh.url).replace(/sig=./, "sig=A"))).status).toBe(403);
    // Nobody signed in: 401 even with a valid link.
    expect((await new Client(t.s.url).get(pathOf(fresh.url))).status).toBe(401);
    // Another agent with the admin's link: 403.
    await t.admin.post("/api/agents", { name: "Kim", email: "kim@example.com", password: "Kim-password-123" });
    const kim = await loginAs(t.s.url, "kim@example.com", "Kim-password-123");
    expect((await kim.get(pathOf(fresh.url))).status).toBe(403);
    const own = await kim.post(`/api/calls/${id}/recording-link`);
    expect((await kim.get(pathOf(own.body.url))).status).toBe(200);
  });

  it("with wrong credentials shows no recording with the reason and stores nothing", async () => {
    const { id, sid } = await placeCall(t);
    const filesBefore = (await t.s.ctx.db.select({ k: storedFiles.key }).from(storedFiles)).length;
    // REST goes through an API key pair; Twilio no longer accepts its secret (callbacks are still
    // signed with the auth token, so they verify).
    const twilioConfig = t.s.ctx.config.twilio as { apiKeySid?: string; apiKeySecret?: string };
    twilioConfig.apiKeySid = `SK${"d4".repeat(16)}`;
    twilioConfig.apiKeySecret = "revoked-secret";
    try {
      expect((await t.fake.recording(sid, "completed")).status).toBe(204);
      await waitFor(async () => (await callById(t.s, id))!.recordingState === "failed");
    } finally {
      twilioConfig.apiKeySid = undefined;
      twilioConfig.apiKeySecret = undefined;
    }
    const row = (await callById(t.s, id))!;
    expect(row.recordingKey).toBeNull();
    expect(row.recordingReason).toBe("Twilio refused our credentials for the recording (HTTP 401)");
    expect(t.fake.log.some((l) => l.path.includes("/Recordings/") && l.status === 401)).toBe(true);
    expect((await t.s.ctx.db.select({ k: storedFiles.key }).from(storedFiles)).length).toBe(filesBefore);
    const page = await t.admin.get(`/api/calls/${id}`);
    expect(page.body.call.recording).toMatchObject({ state: "failed" });
    expect(page.body.call.recording.reason).toContain("401");
    expect(page.body.events.some((e: { summary: string }) => e.summary.startsWith("no recording:"))).toBe(true);
    const link = await t.admin.post(`/api/calls/${id}/recording-link`);
    expect(link.status).toBe(409);
    expect(link.body.error.message).toContain("No recording");
  });

  it("records Twilio's 'absent' as no recording, and never fetches one", async () => {
    const { id, sid } = await placeCall(t);
    const fetches = t.fake.log.filter((l) => l.path.includes("/Recordings/")).length;
    await t.fake.recording(sid, "absent");
    const row = (await callById(t.s, id))!;
    expect(row).toMatchObject({ recordingState: "absent", recordingKey: null });
    expect(row.recordingReason).toContain("no recording");
    expect(t.fake.log.filter((l) => l.path.includes("/Recordings/")).length).toBe(fetches);
  });

  it("retries a failing download, and after the last attempt shows why there is no recording", async () => {
    const { id, sid } = await placeCall(t);
    t.fake.mode.recordingStatus = 503;
    const job = fetchRecordingJob(t.s.ctx);
    try {
      // The webhook queues the job; run it here by hand as pg-boss would, attempt by attempt.
      const url = String(t.fake.calls.get(sid)!.params.RecordingStatusCallback);
      expect(url).toContain(id);
      await t.fake.recording(sid, "completed");
      const signal = new AbortController().signal;
      await expect(job.handler({ callId: id }, { signal, lastAttempt: false })).rejects.toThrow(/HTTP 503/);
      expect((await callById(t.s, id))!.recordingState).toBe("pending");
      await job.handler({ callId: id }, { signal, lastAttempt: true });
    } finally {
      t.fake.mode.recordingStatus = null;
    }
    await waitFor(async () => (await callById(t.s, id))!.recordingState !== "pending");
    const row = (await callById(t.s, id))!;
    // The queued job may have run in between and met the same 503: either way, no file, and the reason.
    expect(row).toMatchObject({ recordingState: "failed", recordingKey: null });
    expect(row.recordingReason).toBe("download failed after retries: Twilio answered HTTP 503 for the recording");
  });
});
