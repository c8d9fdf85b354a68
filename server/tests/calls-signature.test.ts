import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { twilioSignature } from "../src/features/calls/fake";
import { validTwilioSignature } from "../src/features/calls/webhook-routes";
import { ACCOUNT, callById, TOKEN, useCalls } from "./calls-suite";
import { drivers, waitFor } from "./helpers";

// wire-protocols.md §5.3: auth token 12345, URL https://mycompany.com/myapp.php?foo=1&bar=2.
const URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
const row1 = {
  CallSid: "CA1234567890ABCDE",
  Caller: "+14158675309",
  Digits: "1234",
  From: "+14158675309",
  To: "+18005551212",
};
const row2 = { ...row1, Caller: "+12349013030", From: "+12349013030" };

describe("X-Twilio-Signature test vectors", () => {
  it("computes and accepts the published signatures", () => {
    expect(twilioSignature("12345", URL, row1)).toBe("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    expect(twilioSignature("12345", URL, row2)).toBe("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    expect(validTwilioSignature("12345", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", URL, row1)).toBe(true);
    expect(validTwilioSignature("12345", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", URL, row2)).toBe(true);
  });

  it("refuses a changed parameter, URL, token or a missing header", () => {
    expect(validTwilioSignature("12345", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", URL, { ...row1, Digits: "1235" })).toBe(false);
    expect(validTwilioSignature("12345", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", `${URL}&x=1`, row1)).toBe(false);
    expect(validTwilioSignature("54321", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", URL, row1)).toBe(false);
    expect(validTwilioSignature("12345", undefined, URL, row1)).toBe(false);
    expect(validTwilioSignature(null, "RSOYDt4T1cUTdK1PDd93/VVr8B8=", URL, row1)).toBe(false);
  });

  it("matches the JSON-body vector (bodySHA256 in the URL, no params)", () => {
    const body = '{"property": "value", "boolean": true}';
    const hash = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
    expect(twilio.getExpectedBodyHash(body)).toBe(hash);
    const url = `${URL}&bodySHA256=${hash}`;
    expect(twilioSignature("12345", url, {})).toBe("a9nBmqA0ju/hNViExpshrM61xv4=");
    expect(twilio.validateRequestWithBody("12345", "a9nBmqA0ju/hNViExpshrM61xv4=", url, body)).toBe(true);
  });
});

describe.each(drivers)("behind a proxy: the URL Twilio saw is PUBLIC_URL (%s)", (driver) => {
  const PUBLIC = "https://calls.example.com";
  const t = useCalls(driver, { PUBLIC_URL: PUBLIC });

  it("builds callbacks from PUBLIC_URL and verifies them against it, not against the address we listen on", async () => {
    // The fake cannot reach calls.example.com: it posts to our real address, signing the public URL.
    const before = new Set(t.fake.calls.keys());
    const r = await t.admin.post("/api/calls", { contactId: t.contactId });
    expect(r.status).toBe(201);
    let sid = "";
    await waitFor(() => {
      sid = [...t.fake.calls.keys()].find((k) => !before.has(k)) ?? "";
      return !!sid;
    });
    const statusUrl = String(t.fake.calls.get(sid)!.params.StatusCallback);
    expect(statusUrl).toBe(`${PUBLIC}/webhooks/twilio/status?callId=${r.body.id}`);
    const local = `${t.s.url}/webhooks/twilio/status?callId=${r.body.id}`;
    const params = { AccountSid: ACCOUNT, CallSid: sid, CallStatus: "ringing", SequenceNumber: "0" };
    // Signed over the local URL (what a naive validator would rebuild from the request): refused.
    expect((await t.fake.post(local, params, TOKEN, local)).status).toBe(401);
    // Signed over the public URL, as Twilio does: accepted.
    expect((await t.fake.post(local, params, TOKEN, statusUrl)).status).toBe(204);
    expect((await callById(t.s, r.body.id))!.status).toBe("ringing");
    // With the default port written out, as Twilio sometimes signs: accepted too.
    const ported = statusUrl.replace("calls.example.com", "calls.example.com:443");
    const later = { ...params, CallStatus: "in-progress", SequenceNumber: "1" };
    expect((await t.fake.post(local, later, TOKEN, ported)).status).toBe(204);
  });
});
