import { describe, expect, it } from "vitest";
import { ProviderError } from "../provider-http";
import { instagramAdapter } from "./adapter";

const ACCOUNT_ID = "17841400000000001";
const DAY = 24 * 3600_000;

describe("Instagram adapter (pure parts)", () => {
  const provider = instagramAdapter.provider!;
  const settings = (humanAgentTag: boolean) => ({ accountId: ACCOUNT_ID, humanAgentTag });
  const channel = { settings: settings(false) } as never;

  it("computes the 24-hour window, and 7 days with the HUMAN_AGENT tag", () => {
    const now = new Date("2025-06-10T12:00:00Z");
    const ago = (h: number) => new Date(now.getTime() - h * 3600_000);
    expect(provider.replyWindow(null, settings(false), now)).toMatchObject({ open: false, templatesOnly: false });
    expect(provider.replyWindow(ago(23), settings(false), now)).toMatchObject({ open: true, rule: "24h" });
    expect(provider.replyWindow(ago(23), settings(false), now).humanAgentTag).toBeFalsy();
    expect(provider.replyWindow(ago(25), settings(false), now)).toMatchObject({ open: false, rule: "24h" });
    const early = provider.replyWindow(ago(23), settings(true), now);
    expect(early).toMatchObject({ open: true, rule: "24h+human_agent", templatesOnly: false });
    expect(early.humanAgentTag).toBeFalsy();
    expect(provider.replyWindow(ago(72), settings(true), now)).toMatchObject({
      open: true,
      rule: "24h+human_agent",
      humanAgentTag: true,
      closesAt: new Date(ago(72).getTime() + 7 * DAY),
    });
    expect(provider.replyWindow(ago(24 * 7 + 1), settings(true), now).open).toBe(false);
  });

  it("classifies Graph errors", () => {
    const err = (status: number, error: Record<string, unknown>) =>
      new ProviderError(String(error.message), { status, code: String(error.code), body: { error } });
    expect(provider.classifyError(err(401, { code: 190, message: "bad token" }))).toMatchObject({
      reauth: true,
      retryable: false,
    });
    for (const code of [4, 17, 32, 613])
      expect(provider.classifyError(err(400, { code, message: "limit" })).retryable).toBe(true);
    expect(provider.classifyError(err(500, { code: 999, message: "oops" })).retryable).toBe(true);
    expect(provider.classifyError(new ProviderError("slow", { status: null, timeout: true })).retryable).toBe(true);
    const window = provider.classifyError(err(400, { code: 10, error_subcode: 2018278, message: "outside" }));
    expect(window).toMatchObject({ retryable: false, code: "10" });
    expect(window.reauth).toBeFalsy();
    expect(window.message).toMatch(/outside the messaging window/);
    expect(provider.classifyError(err(400, { code: 100, message: "Invalid parameter" }))).toMatchObject({
      retryable: false,
      message: "Invalid parameter",
    });
    // A CDN refusing a media link is not a bad token.
    const media = provider.classifyError(new ProviderError("x", { status: 401, code: "media_download" }));
    expect(media.reauth).toBeFalsy();
  });

  it("parses echoes, reads, deletions, edits, our own messages and unknown shapes", () => {
    const entry = (messaging: unknown[]) => ({ object: "instagram", entry: [{ id: ACCOUNT_ID, time: 1, messaging }] });
    const events = provider.parse(
      entry([
        {
          sender: { id: ACCOUNT_ID },
          recipient: { id: "42" },
          timestamp: 1718000000001,
          message: { mid: "m1", text: "hi", is_echo: true },
        },
        { sender: { id: "42" }, recipient: { id: ACCOUNT_ID }, timestamp: 1718000000002, read: { mid: "m1" } },
        {
          sender: { id: "42" },
          recipient: { id: ACCOUNT_ID },
          timestamp: 1718000000003,
          read: { watermark: 1718000000000 },
        },
        { sender: { id: "42" }, recipient: { id: ACCOUNT_ID }, timestamp: 1, message: { mid: "m2", is_deleted: true } },
        { sender: { id: ACCOUNT_ID }, recipient: { id: "42" }, timestamp: 1, message: { mid: "m3", text: "loop" } },
        {
          sender: { id: "42" },
          recipient: { id: ACCOUNT_ID },
          timestamp: 1,
          message_edit: { mid: "m4", text: "fixed" },
        },
        {
          sender: { id: "42" },
          recipient: { id: ACCOUNT_ID },
          timestamp: 1,
          message: { mid: "m5", is_unsupported: true },
        },
        { sender: { id: "42" }, recipient: { id: ACCOUNT_ID }, timestamp: 1, optin: { ref: "x" } },
      ]),
      channel,
    );
    expect(events.map((e) => e.kind)).toEqual([
      "echo",
      "read",
      "read",
      "delete",
      "ignored",
      "edit",
      "message",
      "message",
    ]);
    expect(events[0]).toMatchObject({ externalId: "m1", to: { externalId: "42" }, text: "hi" });
    expect(events[0]!.kind === "echo" && events[0]!.timestamp.getTime()).toBe(1718000000001);
    expect(events[1]).toMatchObject({ customerExternalId: "42", upTo: new Date(1718000000002) });
    expect(events[2]).toMatchObject({ upTo: new Date(1718000000003) });
    expect(events[6]).toMatchObject({ messageKind: "unsupported", metadata: { raw: { mid: "m5" } } });
    expect(events[7]).toMatchObject({ messageKind: "unsupported", metadata: { raw: { optin: { ref: "x" } } } });
    const p = entry([{ sender: { id: ACCOUNT_ID }, recipient: { id: "42" }, message: { mid: "m", is_echo: true } }]);
    expect(provider.webhook.orderingKey(p)).toBe("42");
    expect(provider.webhook.accountIds(p)).toEqual([ACCOUNT_ID]);
    expect(provider.parse({ object: "page", entry: [] }, channel)[0]!.kind).toBe("ignored");
  });
});
