import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_DELIVERY_ATTEMPTS } from "../src/features/channels/deliver-message";
import { sweepStuckWork } from "../src/features/channels/sweep";
import { drivers, waitFor } from "./helpers";
import { type OutboundWorld, outboundWorld } from "./outbound-harness";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

/**
 * Issue 6, outbound: every send ends `sent` or `failed` with a reason the agent can read; parts
 * already sent are never sent again; nothing is silently degraded.
 */
describe.each(drivers)("outbound delivery ends sent or failed (%s)", (driver) => {
  let w: OutboundWorld;
  beforeAll(async () => {
    w = await outboundWorld(driver);
  });
  afterAll(async () => {
    await w?.stop();
  });
  const processed = async (channel: "instagram" | "x") =>
    (
      await w.sql("select count(*)::int as n from webhook_events where channel_id = $1 and status = 'processed'", [
        w.channelIds[channel],
      ])
    )[0]!.n as number;
  const waitStatus = async (id: string, status: string) => {
    await waitFor(async () => (await w.message(id)).status === status, 20_000);
    return w.message(id);
  };

  it("resumes a multi-part message from the first unsent part when a later part fails", async () => {
    const { conversationId, customer } = await w.customerWrites("whatsapp");
    const a = await w.upload("receipt.png", "image/png", PNG);
    const b = await w.upload("label.png", "image/png", PNG);
    // The first part goes through; the second fails once with a 500.
    w.fakes.whatsapp.failNext(1, {
      status: 500,
      body: { error: { message: "An unknown error occurred", type: "OAuthException", code: 1 } },
      skip: 1,
    });
    const id = await w.reply(conversationId, "Your receipt and the return label", [a, b]);
    const row = await waitStatus(id, "sent");
    expect(row.attempts).toBe(2);
    // Each part reached the customer exactly once: the caption rides on the first image.
    expect(w.businessThread("whatsapp", customer).map((m) => m.text)).toEqual([
      "Your receipt and the return label",
      "[image]",
    ]);
    const ids = await w.parts(id);
    expect(ids).toHaveLength(2);
    expect(row.external_id).toBe(ids[1]);
  });

  it("a file missing from storage fails the message at once, with a reason", async () => {
    const { conversationId, customer } = await w.customerWrites("whatsapp");
    const a = await w.upload("invoice.pdf", "application/pdf");
    const [att] = await w.sql("select storage_key from attachments where id = $1", [a]);
    await w.s.ctx.storage.remove(att!.storage_key);
    const id = await w.reply(conversationId, "Here is the invoice", [a]);
    const row = await waitStatus(id, "failed");
    expect(row.error_code).toBe("attachment_missing");
    expect(row.error_message).toMatch(/invoice\.pdf.*missing/);
    expect(w.businessThread("whatsapp", customer)).toHaveLength(0);
    const shown = (await w.admin.get(`/api/conversations/${conversationId}/messages`)).body.items;
    expect(shown.find((m: { id: string }) => m.id === id).error.code).toBe("attachment_missing");
    // The thread says so once, as an activity line the customer never sees.
    const lines = shown.filter((m: any) => m.metadata?.event?.type === "delivery_failed");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      private: true,
      metadata: { event: { messageId: id, code: "attachment_missing" } },
    });
    expect(lines[0].content).toMatch(/^Message not delivered on WhatsApp: /);
  });

  it("an error that is not the provider's (a bug) is retried with a visible reason, then fails at the bound", async () => {
    const { conversationId } = await w.customerWrites("whatsapp");
    const id = await w.heldReply("whatsapp", conversationId, "Thanks!");
    // A malformed row makes our own code throw a plain Error before any provider call.
    await w.sql(`update messages set metadata = '{"template":{"bogus":true}}'::jsonb where id = $1`, [id]);
    await w.recover(id);
    let row = await w.message(id);
    expect(row.status).toBe("queued");
    expect(row.error_code).toBe("internal");
    expect(row.error_message).toMatch(/^Attempt 2 failed \(.+\); retrying\.$/);
    await w.sql("update messages set attempts = $2 where id = $1", [id, MAX_DELIVERY_ATTEMPTS - 1]);
    await w.recover(id);
    row = await w.message(id);
    expect(row.status).toBe("failed");
    expect(row.error_message).toMatch(new RegExp(`^Not sent after ${MAX_DELIVERY_ATTEMPTS} attempts`));
    // One "not delivered" line for the message, not one per attempt, even when recovered again.
    await w.recover(id);
    const failedLines = await w.sql(
      "select count(*)::int as n from messages where conversation_id = $1 and metadata->'event'->>'type' = 'delivery_failed'",
      [conversationId],
    );
    expect(failedLines[0]!.n).toBe(1);
  });

  it("the sweeper re-queues a stuck message while attempts remain, and fails it past the bound", async () => {
    const { conversationId: c1 } = await w.customerWrites("whatsapp");
    const { conversationId: c2, customer } = await w.customerWrites("whatsapp");
    const exhausted = await w.heldReply("whatsapp", c1, "first");
    const stuck = await w.heldReply("whatsapp", c2, "second");
    // Both look abandoned (a crash long ago); one has used up its attempts.
    await w.sql("update messages set updated_at = now() - interval '30 minutes', attempts = $2 where id = $1", [
      exhausted,
      MAX_DELIVERY_ATTEMPTS,
    ]);
    await w.sql("delete from pgboss.job where singleton_key = $1", [stuck]);
    await w.sql("update messages set updated_at = now() - interval '30 minutes' where id = $1", [stuck]);
    const r = await sweepStuckWork(w.s.ctx);
    expect(r.failed).toBeGreaterThanOrEqual(1);
    const failed = await w.message(exhausted);
    expect(failed.status).toBe("failed");
    expect(failed.error_message).toMatch(new RegExp(`^Not sent after ${MAX_DELIVERY_ATTEMPTS} attempts`));
    await waitStatus(stuck, "sent");
    expect(w.businessThread("whatsapp", customer).map((m) => m.text)).toEqual(["second"]);
    // A second sweep leaves the failed message alone.
    await sweepStuckWork(w.s.ctx);
    expect((await w.message(exhausted)).status).toBe("failed");
  });

  it("Instagram: the echoes of every part of our message are ours (recorded in PostgreSQL, not memory)", async () => {
    const { conversationId, customer } = await w.customerWrites("instagram");
    const seen = await processed("instagram");
    const a = await w.upload("photo.png", "image/png", PNG);
    const id = await w.reply(conversationId, "Here is the photo", [a]);
    await waitStatus(id, "sent");
    expect(w.businessThread("instagram", customer)).toHaveLength(2);
    const ids = await w.parts(id);
    expect(ids).toHaveLength(2);
    // Both echoes (the photo's and the text's) were applied.
    await waitFor(async () => (await processed("instagram")) >= seen + 2, 15_000);
    const outbound = await w.sql(
      "select id from messages where conversation_id = $1 and direction = 'outbound' and sender_type <> 'system'",
      [conversationId],
    );
    expect(outbound.map((r) => r.id)).toEqual([id]);
  });

  it("X: files go through the v2 media upload and the DM's media_id, never as '[Attachment: …]' text", async () => {
    const { conversationId, customer } = await w.customerWrites("x");
    const seen = await processed("x");
    const a = await w.upload("screenshot.png", "image/png", PNG);
    const id = await w.reply(conversationId, "Is this the error you see?", [a]);
    const row = await waitStatus(id, "sent");
    const paths = w.fakes.x.calls.map((c) => `${c.method} ${c.path.replace(/\d{10,}/g, ":id")}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        "POST /2/media/upload/initialize",
        "POST /2/media/upload/:id/append",
        "POST /2/media/upload/:id/finalize",
      ]),
    );
    const init = w.fakes.x.calls.find((c) => c.path === "/2/media/upload/initialize")!;
    expect(init.body).toEqual({ media_type: "image/png", total_bytes: PNG.length, media_category: "dm_image" });
    const dm = w.fakes.x.calls.filter((c) => c.path.includes("/dm_conversations/")).at(-1)!;
    expect(dm.body).toEqual({ text: "Is this the error you see?", attachments: [{ media_id: expect.any(String) }] });
    expect(JSON.stringify(dm.body)).not.toContain("[Attachment");
    const [phone] = w.businessThread("x", customer);
    expect(phone?.attachments).toEqual([{ fileName: "screenshot.png", contentType: "image/png" }]);
    expect(row.external_id).toBe(phone!.id);
    // The echo (with its media) is our own DM, not a second message.
    await waitFor(async () => (await processed("x")) >= seen + 1, 15_000);
    const outbound = await w.sql(
      "select id from messages where conversation_id = $1 and direction = 'outbound' and sender_type <> 'system'",
      [conversationId],
    );
    expect(outbound).toHaveLength(1);
  });

  it("X: a video is processed after finalize; the DM waits for STATUS to say it succeeded", async () => {
    const { conversationId, customer } = await w.customerWrites("x");
    const a = await w.upload("clip.mp4", "video/mp4", Buffer.alloc(1_500_000, 7));
    const id = await w.reply(conversationId, "", [a]);
    await waitStatus(id, "sent");
    const init = w.fakes.x.calls.filter((c) => c.path === "/2/media/upload/initialize").at(-1)!;
    expect(init.body).toMatchObject({ media_type: "video/mp4", total_bytes: 1_500_000, media_category: "dm_video" });
    // 1.5 MB in 1 MB chunks, then finalize, then a STATUS check before the DM.
    const appends = w.fakes.x.calls.filter((c) => c.path.endsWith("/append")).slice(-2);
    expect(appends.map((c) => c.body)).toEqual([
      { segment_index: 0, size: 1024 * 1024 },
      { segment_index: 1, size: 1_500_000 - 1024 * 1024 },
    ]);
    expect(w.fakes.x.calls.some((c) => c.method === "GET" && c.path === "/2/media/upload")).toBe(true);
    expect(w.businessThread("x", customer)[0]?.attachments).toEqual([
      { fileName: "clip.mp4", contentType: "video/mp4" },
    ]);
  });

  it("declares each channel's capabilities to agents and in the channel list", async () => {
    const r = await w.admin.get("/api/channel-capabilities");
    expect(r.status).toBe(200);
    const caps = Object.fromEntries(
      r.body.items.map((i: { type: string; capabilities: unknown }) => [i.type, i.capabilities]),
    );
    expect(Object.keys(caps).sort()).toEqual(["instagram", "telegram", "webchat", "whatsapp", "x"]);
    expect(caps.whatsapp).toMatchObject({ templates: true, replyWindow: "24h", text: { maxLength: 4096 } });
    expect(caps.x.attachments.types.map((t: { type: string }) => t.type)).toContain("image/png");
    // Never more than our own upload route accepts.
    for (const c of Object.values(caps) as { attachments: { types: { maxBytes: number }[] } | null }[])
      for (const t of c.attachments?.types ?? []) expect(t.maxBytes).toBeLessThanOrEqual(w.s.ctx.config.maxUploadBytes);
    const list = await w.admin.get("/api/channels");
    const wa = list.body.items.find((c: { type: string }) => c.type === "whatsapp");
    expect(wa.capabilities).toEqual(caps.whatsapp);
  });

  it("refuses with 422 a file or a text the channel cannot send, storing nothing", async () => {
    const { conversationId } = await w.customerWrites("whatsapp");
    const before = await w.sql("select count(*)::int as n from messages where conversation_id = $1", [conversationId]);
    const zip = await w.upload("logs.zip", "application/zip");
    const r = await w.admin.post(`/api/conversations/${conversationId}/messages`, {
      content: "logs",
      attachmentIds: [zip],
    });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe("attachment_not_supported");
    expect(r.body.error.message).toMatch(/WhatsApp cannot send logs\.zip/);
    const big = await w.upload("photo.png", "image/png", Buffer.alloc(6 * 1024 * 1024, 1));
    const r2 = await w.admin.post(`/api/conversations/${conversationId}/messages`, {
      content: "",
      attachmentIds: [big],
    });
    expect(r2.status).toBe(422);
    expect(r2.body.error.details).toMatchObject({ maxBytes: 5 * 1024 * 1024 });
    const ig = await w.customerWrites("instagram");
    const r3 = await w.admin.post(`/api/conversations/${ig.conversationId}/messages`, { content: "x".repeat(1001) });
    expect(r3.status).toBe(422);
    expect(r3.body.error.code).toBe("text_too_long");
    const after = await w.sql("select count(*)::int as n from messages where conversation_id = $1", [conversationId]);
    expect(after[0]!.n).toBe(before[0]!.n);
    // The files were not used up: the agent can send them where they fit (a note, another channel).
    const [free] = await w.sql(
      "select count(*)::int as n from attachments where id in ($1, $2) and message_id is null",
      [zip, big],
    );
    expect(free!.n).toBe(2);
  });
});
