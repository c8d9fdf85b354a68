import { describe, expect, it } from "vitest";
import { ProviderError } from "../provider-http";
import { resolutionButtonId } from "../resolution-buttons";
import { classifyTelegramError } from "./api";
import { largestPhoto, parseTelegram, telegramChatId } from "./parse";

describe("Telegram parsing and error classes (pure)", () => {
  it("picks the largest photo by area, not by position", () => {
    const sizes = [
      { file_id: "small", width: 90, height: 67 },
      { file_id: "large", width: 1280, height: 960 },
      { file_id: "medium", width: 320, height: 240 },
    ];
    expect(largestPhoto(sizes)?.file_id).toBe("large");
  });

  it("ignores group chats and unknown update types, keeps unknown content as unsupported", () => {
    const chat = { id: -100123, type: "supergroup", title: "Fans" };
    expect(parseTelegram({ update_id: 1, message: { message_id: 1, chat, text: "hi" } })).toEqual([
      { kind: "ignored", reason: "supergroup chat" },
    ]);
    expect(parseTelegram({ update_id: 2, callback_query: { id: "1" } })[0]).toMatchObject({ kind: "ignored" });
    const poll = { message_id: 9, date: 1718000000, chat: { id: 5, type: "private" }, poll: { id: "p" } };
    const [e] = parseTelegram({ update_id: 3, message: poll });
    expect(e).toMatchObject({ kind: "message", externalId: "5:9", messageKind: "unsupported" });
    expect((e as unknown as { metadata: { raw: unknown } }).metadata.raw).toEqual(poll);
  });

  it("reads replies, contacts and locations, and ids carry the chat", () => {
    const chat = { id: 5, type: "private", first_name: "Dana" };
    const base = { date: 1718000000, chat, from: { id: 5, is_bot: false, first_name: "Dana", last_name: "R" } };
    const [reply] = parseTelegram({
      update_id: 1,
      message: { ...base, message_id: 10, text: "this one", reply_to_message: { message_id: 8, chat } },
    });
    expect(reply).toMatchObject({
      kind: "message",
      externalId: "5:10",
      from: { externalId: "5", name: "Dana R" },
      metadata: { replyTo: "5:8" },
    });
    const [contact] = parseTelegram({
      update_id: 2,
      message: { ...base, message_id: 11, contact: { phone_number: "+447700900123", first_name: "Sam" } },
    });
    expect(contact).toMatchObject({ messageKind: "contacts", text: "👤 Sam, +447700900123" });
    const [loc] = parseTelegram({
      update_id: 3,
      edited_message: { ...base, message_id: 12, edit_date: 1718000100, location: { latitude: 51.5, longitude: -0.1 } },
    });
    expect(loc).toMatchObject({ kind: "edit", externalId: "5:12", text: "📍 (51.5, -0.1)" });
  });

  it("classifies 429, 401, 403 and 400 answers", () => {
    const err = (status: number, description: string, extra: object = {}) =>
      new ProviderError(description, { status, code: String(status), ...extra });
    expect(classifyTelegramError(err(429, "Too Many Requests: retry after 7", { retryAfterMs: 7000 }))).toMatchObject({
      retryable: true,
      retryAfterMs: 7000,
    });
    expect(classifyTelegramError(err(502, "Bad Gateway")).retryable).toBe(true);
    expect(classifyTelegramError(err(401, "Unauthorized"))).toMatchObject({ retryable: false, reauth: true });
    const blocked = classifyTelegramError(err(403, "Forbidden: bot was blocked by the user"));
    expect(blocked).toMatchObject({ retryable: false, code: "403" });
    expect(blocked.reauth).toBeFalsy();
    expect(blocked.message).toMatch(/blocked the bot/);
    const bad = classifyTelegramError(err(400, "Bad Request: chat not found"));
    expect(bad).toMatchObject({ retryable: false });
    expect(bad.message).toContain("Bad Request: chat not found");
  });

  it("a callback_query with our resolution button's data is a tap on it; other data and group chats are ignored", () => {
    const answer = "0b4f5c2e-8d1a-4c3b-9e7f-1a2b3c4d5e6f";
    const query = (data: string, chat: Record<string, unknown> = { id: 5512345678, type: "private" }) => ({
      update_id: 9,
      callback_query: {
        id: "4382bfdwdsb323b2d9",
        from: { id: 5512345678, is_bot: false, first_name: "Dana" },
        message: { message_id: 12, date: 1718000000, chat, text: "Refunds take 5 days." },
        chat_instance: "-1",
        data,
      },
    });
    expect(parseTelegram(query(resolutionButtonId(answer, false)))).toEqual([
      {
        kind: "resolution_tap",
        customerExternalId: "5512345678",
        messageId: answer,
        helpful: false,
        tapId: "4382bfdwdsb323b2d9",
      },
    ]);
    expect(telegramChatId(query(resolutionButtonId(answer, true)))).toBe("5512345678");
    expect(parseTelegram(query(`sbres:maybe:${answer}`))[0]).toMatchObject({ kind: "ignored" });
    expect(parseTelegram(query("menu:2"))[0]).toMatchObject({ kind: "ignored" });
    expect(parseTelegram(query(resolutionButtonId(answer, true), { id: -100, type: "group" }))[0]).toMatchObject({
      kind: "ignored",
    });
  });
});
