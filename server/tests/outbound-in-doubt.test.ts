import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markSending } from "../src/features/channels/message-parts";
import { drivers, waitFor } from "./helpers";
import { type OutboundWorld, outboundWorld } from "./outbound-harness";

/**
 * Issue 6, outbound: a send in flight when the process dies is "in doubt". Where the provider tells
 * us about our own sends, that evidence settles it and nothing is sent twice; where it cannot
 * (Telegram), the delivery policy decides and says so.
 */
describe.each(drivers)("in-doubt sends after a crash (%s)", (driver) => {
  let w: OutboundWorld;
  beforeAll(async () => {
    w = await outboundWorld(driver);
  });
  afterAll(async () => {
    await w?.stop();
  });

  it("WhatsApp: sends our message id as biz_opaque_callback_data, and its status settles the crashed send", async () => {
    const { conversationId, customer } = await w.customerWrites("whatsapp");
    const id = await w.heldReply("whatsapp", conversationId, "Your refund was issued today.");
    const wamid = await w.crashAfterProviderAccepted(id);
    const send = w.fakes.whatsapp.calls.filter((c) => c.path.endsWith("/messages")).at(-1)!;
    expect(send.body).toMatchObject({ biz_opaque_callback_data: id, type: "text" });
    expect(w.businessThread("whatsapp", customer)).toHaveLength(1);

    // WhatsApp reports the message it accepted, naming our message id; the webhook settles the doubt.
    await w.fakes.whatsapp.sendStatus(w.accounts.whatsapp, wamid, customer, "sent");
    // The evidence completes the message by itself (its only part is accounted for); a restarted
    // worker that picks it up afterwards finds nothing left to send.
    await waitFor(async () => (await w.message(id)).status === "sent", 15_000);
    expect((await w.message(id)).sending).toBeNull();
    await w.recover(id);
    const row = await w.message(id);
    expect(row.status).toBe("sent");
    expect(row.external_id).toBe(wamid);
    expect(w.businessThread("whatsapp", customer)).toHaveLength(1);
  });

  it("WhatsApp: a restart that comes before the evidence waits for it instead of sending again", async () => {
    const { conversationId, customer } = await w.customerWrites("whatsapp");
    const id = await w.heldReply("whatsapp", conversationId, "We found your parcel.");
    const wamid = await w.crashAfterProviderAccepted(id);

    await w.recover(id);
    expect((await w.message(id)).status).toBe("queued");
    expect(w.businessThread("whatsapp", customer)).toHaveLength(1);

    await w.fakes.whatsapp.sendStatus(w.accounts.whatsapp, wamid, customer, "delivered");
    await waitFor(async () => (await w.parts(id)).length === 1, 15_000);
    await w.recover(id);
    // The status itself applies once the message carries the id (parked or retried by the drain).
    await waitFor(async () => ["sent", "delivered"].includes((await w.message(id)).status), 15_000);
    expect((await w.message(id)).external_id).toBe(wamid);
    expect(w.businessThread("whatsapp", customer)).toHaveLength(1);
  });

  it("WhatsApp: no status for our message id within the grace period means it never arrived: sent once", async () => {
    const { conversationId, customer } = await w.customerWrites("whatsapp");
    const id = await w.heldReply("whatsapp", conversationId, "Sorry for the wait.");
    // The process died right after marking the part "sending", before the provider got it.
    await markSending(w.s.ctx, id, { index: 0, kind: "text", text: "Sorry for the wait.", of: 1, standsFor: "last" });
    await w.sql(`update messages set sending = jsonb_set(sending, '{startedAt}', to_jsonb($2::text)) where id = $1`, [
      id,
      new Date(Date.now() - 10 * 60_000).toISOString(),
    ]);
    expect(w.businessThread("whatsapp", customer)).toHaveLength(0);
    await w.recover(id);
    const row = await w.message(id);
    expect(row.status).toBe("sent");
    expect(w.businessThread("whatsapp", customer).map((m) => m.text)).toEqual(["Sorry for the wait."]);
    expect(row.metadata.possibleDuplicate).toBeUndefined();
  });

  it("Instagram: the echo of the crashed send is matched to it, not shown as a message from the app", async () => {
    const { conversationId, customer } = await w.customerWrites("instagram");
    const id = await w.heldReply("instagram", conversationId, "Yes, it ships tomorrow.");
    const mid = await w.crashAfterProviderAccepted(id);
    await waitFor(async () => (await w.message(id)).status === "sent", 15_000);
    await w.recover(id);
    const row = await w.message(id);
    expect(row.status).toBe("sent");
    expect(row.external_id).toBe(mid);
    expect(w.businessThread("instagram", customer)).toHaveLength(1);
    const outbound = await w.sql(
      "select id from messages where conversation_id = $1 and direction = 'outbound' and sender_type <> 'system'",
      [conversationId],
    );
    expect(outbound.map((r) => r.id)).toEqual([id]);
  });

  it("Instagram: a crashed file-only send is matched to the echo that carries the file", async () => {
    const { conversationId, customer } = await w.customerWrites("instagram");
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
      "base64",
    );
    const file = await w.upload("photo.png", "image/png", png);
    const id = await w.heldReply("instagram", conversationId, "", [file]);
    const mid = await w.crashAfterProviderAccepted(id);
    await waitFor(async () => (await w.message(id)).status === "sent", 15_000);
    expect((await w.message(id)).external_id).toBe(mid);
    await w.recover(id);
    expect(w.businessThread("instagram", customer)).toHaveLength(1);
    const outbound = await w.sql(
      "select id from messages where conversation_id = $1 and direction = 'outbound' and sender_type <> 'system'",
      [conversationId],
    );
    expect(outbound.map((r) => r.id)).toEqual([id]);
  });

  it("X: the echo of the crashed DM is matched to it; the DM is not sent again", async () => {
    const { conversationId, customer } = await w.customerWrites("x");
    const id = await w.heldReply("x", conversationId, "Thanks, we are on it.");
    const eventId = await w.crashAfterProviderAccepted(id);
    await waitFor(async () => (await w.message(id)).status === "sent", 15_000);
    await w.recover(id);
    const row = await w.message(id);
    expect(row.status).toBe("sent");
    expect(row.external_id).toBe(eventId);
    expect(w.businessThread("x", customer)).toHaveLength(1);
    const outbound = await w.sql(
      "select id from messages where conversation_id = $1 and direction = 'outbound' and sender_type <> 'system'",
      [conversationId],
    );
    expect(outbound).toHaveLength(1);
  });

  it("Telegram (no evidence): an agent's reply is sent again and shown as 'may have been sent twice'", async () => {
    const { conversationId, customer } = await w.customerWrites("telegram");
    const id = await w.heldReply("telegram", conversationId, "Here is your code: 4411");
    await w.crashAfterProviderAccepted(id);
    await w.recover(id);
    const row = await w.message(id);
    expect(row.status).toBe("sent");
    expect(row.metadata.possibleDuplicate).toBe(true);
    // At least once: the customer may see it twice, and the agent is told so.
    expect(w.businessThread("telegram", customer)).toHaveLength(2);
    const shown = (await w.admin.get(`/api/conversations/${conversationId}/messages`)).body.items;
    expect(shown.find((m: { id: string }) => m.id === id).metadata.possibleDuplicate).toBe(true);
  });

  it("Telegram (no evidence): a campaign message is sent at most once and fails with a reason", async () => {
    const { conversationId, customer } = await w.customerWrites("telegram");
    const id = await w.heldReply("telegram", conversationId, "Summer sale: 20% off");
    await w.sql(`update messages set metadata = metadata || '{"deliveryPolicy":"at_most_once"}'::jsonb where id = $1`, [
      id,
    ]);
    await w.crashAfterProviderAccepted(id);
    await w.recover(id);
    const row = await w.message(id);
    expect(row.status).toBe("failed");
    expect(row.error_code).toBe("delivery_in_doubt");
    expect(row.error_message).toMatch(/may or may not have received/);
    expect(w.businessThread("telegram", customer)).toHaveLength(1);
  });
});
