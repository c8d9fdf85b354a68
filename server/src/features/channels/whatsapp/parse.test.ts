import { describe, expect, it } from "vitest";
import { resolutionButtonId } from "../resolution-buttons";
import { parseWhatsApp, whatsappAccountIds, whatsappOrderingKey, whatsappSplit, whatsappSummary } from "./parse";

const PHONE = "106540352242922";
const delivery = (value: Record<string, unknown>, phone = PHONE, field = "messages") => ({
  object: "whatsapp_business_account",
  entry: [
    {
      id: "102290129340398",
      changes: [
        {
          field,
          value: {
            messaging_product: "whatsapp",
            metadata: { display_phone_number: "15550001111", phone_number_id: phone },
            ...value,
          },
        },
      ],
    },
  ],
});
const msg = (m: Record<string, unknown>) =>
  delivery({
    contacts: [{ profile: { name: "Dana Reyes" }, wa_id: "447700900123" }],
    messages: [{ from: "447700900123", id: "wamid.1", timestamp: "1718000000", ...m }],
  });

describe("WhatsApp webhook parsing (pure)", () => {
  it("reads a text message with the customer's profile name and phone", () => {
    expect(parseWhatsApp(msg({ type: "text", text: { body: "Where is my order?" } }))).toEqual([
      {
        kind: "message",
        externalId: "wamid.1",
        from: { externalId: "447700900123", name: "Dana Reyes", phone: "+447700900123" },
        timestamp: new Date(1718000000 * 1000),
        messageKind: "text",
        text: "Where is my order?",
        media: [],
        metadata: {},
      },
    ]);
  });

  it("shows a removed reaction as a removal, and a reaction with its emoji", () => {
    const [added] = parseWhatsApp(msg({ type: "reaction", reaction: { message_id: "wamid.0", emoji: "👍" } }));
    expect(added).toMatchObject({
      messageKind: "reaction",
      text: "Reacted 👍 to a message",
      metadata: { replyTo: "wamid.0" },
    });
    for (const reaction of [{ message_id: "wamid.0" }, { message_id: "wamid.0", emoji: "" }]) {
      const [removed] = parseWhatsApp(msg({ type: "reaction", reaction }));
      expect(removed).toMatchObject({
        messageKind: "reaction",
        text: "Removed a reaction to a message",
        metadata: { replyTo: "wamid.0", removed: true },
      });
    }
  });

  it("reads media, replies and statuses with their error and callback data", () => {
    const [image] = parseWhatsApp(
      msg({ type: "image", context: { id: "wamid.0" }, image: { id: "m1", mime_type: "image/jpeg", caption: "lid" } }),
    );
    expect(image).toMatchObject({
      messageKind: "media",
      text: "lid",
      media: [{ kind: "image", id: "m1", mimeType: "image/jpeg" }],
      metadata: { replyTo: "wamid.0" },
    });
    const statuses = parseWhatsApp(
      delivery({
        statuses: [
          {
            id: "wamid.9",
            status: "delivered",
            timestamp: "1718000001",
            recipient_id: "447700900123",
            biz_opaque_callback_data: "msg-uuid",
          },
          {
            id: "wamid.8",
            status: "failed",
            timestamp: "1718000002",
            errors: [{ code: 131047, title: "Re-engagement message", error_data: { details: "More than 24 hours" } }],
          },
          { id: "wamid.7", status: "deleted" },
        ],
      }),
    );
    expect(statuses).toEqual([
      {
        kind: "status",
        externalId: "wamid.9",
        status: "delivered",
        timestamp: new Date(1718000001000),
        callbackData: "msg-uuid",
      },
      {
        kind: "status",
        externalId: "wamid.8",
        status: "failed",
        timestamp: new Date(1718000002000),
        error: { code: "131047", message: "Re-engagement message: More than 24 hours" },
      },
      { kind: "ignored", reason: "status deleted" },
    ]);
  });

  it("turns a malformed field into an ignored event with the reason, keeping the good ones", () => {
    const body = delivery({
      messages: [
        { from: { toString: 1 }, id: "wamid.bad", type: "text", text: { body: "x" } },
        { from: "447700900123", id: "wamid.ok", type: "text", text: { body: "fine" } },
        { from: "447700900123", id: "wamid.t", type: "text", text: { body: ["not", "text"] } },
      ],
    });
    const events = parseWhatsApp(body);
    expect(events.map((e) => e.kind)).toEqual(["ignored", "message", "ignored"]);
    expect(events[0]).toMatchObject({ reason: expect.stringMatching(/^malformed message: from: /) });
    expect(events[2]).toMatchObject({ reason: expect.stringMatching(/^malformed message: text\.body: /) });
    for (const junk of [null, 42, "x", [], { entry: "x" }, { entry: [{ changes: [{ field: {}, value: 1 }] }] }])
      expect(() => parseWhatsApp(junk)).not.toThrow();
    expect(parseWhatsApp({ entry: "x" })[0]).toMatchObject({ kind: "ignored" });
  });

  it("cleans NUL from text and hashes ids too long for an index", () => {
    const long = "w".repeat(5000);
    const [e] = parseWhatsApp(msg({ id: long, type: "text", text: { body: "a\u0000b\ud800" } }));
    expect(e).toMatchObject({
      kind: "message",
      text: "ab\ufffd",
      externalId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    const [again] = parseWhatsApp(msg({ id: long, type: "text", text: { body: "ab" } }));
    expect((again as { externalId: string }).externalId).toBe((e as { externalId: string }).externalId);
  });

  it("reads account ids without trusting the payload, and splits a delivery per phone number", () => {
    expect(
      whatsappAccountIds({ entry: [{ changes: [{ value: { metadata: { phone_number_id: { toString: 1 } } } }] }] }),
    ).toEqual([]);
    expect(whatsappAccountIds("junk")).toEqual([]);
    const two = {
      object: "whatsapp_business_account",
      entry: [
        {
          id: "waba1",
          changes: [
            { field: "messages", value: { metadata: { phone_number_id: "111" }, messages: [{ from: "1", id: "a" }] } },
            { field: "messages", value: { metadata: { phone_number_id: "222" }, messages: [{ from: "2", id: "b" }] } },
          ],
        },
      ],
    };
    expect(whatsappAccountIds(two)).toEqual(["111", "222"]);
    const parts = whatsappSplit(two);
    expect(parts.map((p) => p.accountId)).toEqual(["111", "222"]);
    expect(whatsappOrderingKey(parts[1]!.payload)).toBe("2");
    expect(whatsappSummary(parts[0]!.payload)).toBe("1 message");
    expect((parts[1]!.payload as typeof two).entry[0]!.changes).toEqual([two.entry[0]!.changes[1]]);
    const template = delivery(
      { event: "APPROVED", message_template_name: "x", message_template_language: "en" },
      "",
      "message_template_status_update",
    );
    expect(whatsappAccountIds(template)).toEqual(["waba:102290129340398"]);
  });

  it("a button_reply with our resolution button's id is a tap on it; other reply buttons stay messages", () => {
    const answer = "0b4f5c2e-8d1a-4c3b-9e7f-1a2b3c4d5e6f";
    const reply = (id: string) =>
      msg({ type: "interactive", interactive: { type: "button_reply", button_reply: { id, title: "Yes, solved" } } });
    expect(parseWhatsApp(reply(resolutionButtonId(answer, true)))).toEqual([
      { kind: "resolution_tap", customerExternalId: "447700900123", messageId: answer, helpful: true },
    ]);
    expect(parseWhatsApp(reply("csat_yes"))[0]).toMatchObject({
      kind: "message",
      messageKind: "interactive",
      text: "Yes, solved",
    });
  });
});
