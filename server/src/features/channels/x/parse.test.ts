import { describe, expect, it } from "vitest";
import { parseX, xAccountIds, xEventIds, xOrderingKey, xSummary } from "./parse";

const OWN = "1490000000000000001";
const CUSTOMER = "2870000000000000042";
const dm = (id: string, from: string, to: string, text: string, extra: Record<string, unknown> = {}) => ({
  type: "message_create",
  id,
  created_timestamp: "1718000000123",
  message_create: {
    target: { recipient_id: to },
    sender_id: from,
    message_data: { text, entities: { hashtags: [], symbols: [], urls: [], user_mentions: [] }, ...extra },
  },
});
const users = { [CUSTOMER]: { id: CUSTOMER, name: "Dana Reyes", screen_name: "danar" } };

describe("X Account Activity parsing (pure)", () => {
  it("reads a customer's DM with the name from the users map, and our own as an echo", () => {
    const events = parseX({
      for_user_id: OWN,
      direct_message_events: [dm("1", CUSTOMER, OWN, "hi"), dm("2", OWN, CUSTOMER, "hello from the app")],
      users,
    });
    expect(events).toEqual([
      {
        kind: "message",
        externalId: "1",
        from: { externalId: CUSTOMER, name: "Dana Reyes", username: "danar" },
        timestamp: new Date(1718000000123),
        messageKind: "text",
        text: "hi",
        media: [],
        metadata: {},
      },
      {
        kind: "echo",
        externalId: "2",
        to: { externalId: CUSTOMER, name: "Dana Reyes", username: "danar" },
        timestamp: new Date(1718000000123),
        text: "hello from the app",
        media: [],
      },
    ]);
  });

  it("keeps the photo of an echo and of a message, drops the photo's t.co link, expands others", () => {
    const media = {
      id_str: "99",
      type: "photo",
      url: "https://t.co/AbC",
      media_url_https: "https://ton.x.com/1/box.jpg",
    };
    const entities = { urls: [{ url: "https://t.co/xyz", expanded_url: "https://shop.example/order/1" }] };
    const [msg, echo] = parseX({
      for_user_id: OWN,
      direct_message_events: [
        dm("3", CUSTOMER, OWN, "see https://t.co/xyz https://t.co/AbC", {
          attachment: { type: "media", media },
          entities,
        }),
        dm("4", OWN, CUSTOMER, "a photo https://t.co/AbC", { attachment: { type: "media", media } }),
      ],
    });
    expect(msg).toMatchObject({
      kind: "message",
      messageKind: "media",
      text: "see https://shop.example/order/1",
      media: [{ kind: "image", url: media.media_url_https, id: "99" }],
    });
    expect(echo).toMatchObject({
      kind: "echo",
      text: "a photo",
      media: [{ kind: "image", url: media.media_url_https }],
    });
  });

  it("reads read receipts, ignores typing and unknown events, and accepts the v2 shape", () => {
    const events = parseX({
      for_user_id: OWN,
      direct_message_mark_read_events: [{ created_timestamp: "1718000000999", sender_id: CUSTOMER }],
      direct_message_indicate_typing_events: [{ sender_id: CUSTOMER }],
      tweet_create_events: [{ id_str: "1" }],
    });
    expect(events).toEqual([
      { kind: "read", customerExternalId: CUSTOMER, upTo: new Date(1718000000999) },
      { kind: "ignored", reason: "typing indicator" },
      { kind: "ignored", reason: "event tweet_create_events" },
    ]);
    const [v2] = parseX({
      for_user_id: OWN,
      direct_message_events: [
        {
          event_type: "MessageCreate",
          id: "5",
          sender_id: CUSTOMER,
          dm_conversation_id: `${CUSTOMER}-${OWN}`,
          text: "v2 hi",
          created_at: "2024-06-10T06:13:20.000Z",
        },
      ],
    });
    expect(v2).toMatchObject({ kind: "message", externalId: "5", from: { externalId: CUSTOMER }, text: "v2 hi" });
  });

  it("turns malformed fields into ignored events with a reason, never an exception", () => {
    const events = parseX({
      for_user_id: OWN,
      direct_message_events: [
        { type: "message_create", id: "6", message_create: { sender_id: { toString: 1 } } },
        dm("7", CUSTOMER, OWN, "fine"),
        { type: "message_create", id: "8", message_create: "nope" },
        dm("9", CUSTOMER, OWN, "bad media", { attachment: { type: "media", media: { media_url_https: 5 } } }),
      ],
    });
    expect(events.map((e) => e.kind)).toEqual(["ignored", "message", "ignored", "ignored"]);
    expect(events[0]).toMatchObject({
      reason: expect.stringMatching(/^malformed direct message event: message_create\.sender_id/),
    });
    for (const junk of [null, 1, "x", [], { for_user_id: {}, direct_message_events: {} }, { users: { a: 1 } }])
      expect(() => parseX(junk, OWN)).not.toThrow();
  });

  it("reads ids, keys and summaries without trusting the payload", () => {
    const hostile = { for_user_id: { toString: 1 }, direct_message_events: [{ id: { toString: 1 } }, "x", null] };
    expect(xAccountIds(hostile)).toEqual([]);
    expect(xEventIds(hostile)).toEqual([]);
    expect(xOrderingKey(hostile)).toBe("account");
    expect(() => xSummary(hostile)).not.toThrow();
    const body = { for_user_id: OWN, direct_message_events: [dm("10", CUSTOMER, OWN, "hi")], users };
    expect(xAccountIds(body)).toEqual([OWN]);
    expect(xEventIds(body)).toEqual(["10"]);
    expect(xOrderingKey(body)).toBe(CUSTOMER);
    expect(xSummary(body)).toBe("1 message from danar");
    const [long] = parseX({
      for_user_id: OWN,
      direct_message_events: [dm("1".repeat(3000), CUSTOMER, OWN, "a\u0000b")],
    });
    expect(long).toMatchObject({ externalId: expect.stringMatching(/^sha256:/), text: "ab" });
  });
});
