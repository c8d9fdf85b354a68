import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "../src/features/audit/schema";
import { callSettings } from "../src/features/calls/schema";
import { ACCOUNT, callById, placeCall, TOKEN, useCalls } from "./calls-suite";
import { drivers, loginAs, waitFor } from "./helpers";

describe.each(drivers)("Twilio settings page (%s)", (driver) => {
  const t = useCalls(driver);

  it("seals the secrets, never returns them, audits the change, and is used instead of the environment", async () => {
    const env = await t.admin.get("/api/call-settings");
    expect(env.body).toMatchObject({ source: "environment", accountSid: ACCOUNT, secretSet: true });
    await t.admin.post("/api/agents", { name: "Ria", email: "ria@example.com", password: "Ria-password-123" });
    const ria = await loginAs(t.s.url, "ria@example.com", "Ria-password-123");
    expect((await ria.get("/api/call-settings")).status).toBe(403);

    const secret = "settings-page-token-XYZ";
    const bad = await t.admin.req("PUT", "/api/call-settings", { accountSid: ACCOUNT, phoneNumber: "+14155550111" });
    expect(bad.status).toBe(400);
    const saved = await t.admin.req("PUT", "/api/call-settings", {
      accountSid: ACCOUNT,
      authToken: secret,
      phoneNumber: "+14155550111",
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ source: "settings", phoneNumber: "+14155550111", secretSet: true });
    expect(saved.text).not.toContain(secret);
    const [row] = await t.s.ctx.db.select().from(callSettings);
    expect(row!.secretsSealed).not.toContain(secret);
    const audits = await t.s.ctx.db.select().from(auditLog).where(eq(auditLog.action, "calls.settings_saved"));
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits[0])).not.toContain(secret);

    // The saved token is what REST uses now: Twilio (the fake) knows only the real one, so it refuses.
    const refused = await t.admin.post("/api/calls", { contactId: t.contactId });
    await waitFor(async () => (await callById(t.s, refused.body.id))!.status === "failed");
    expect((await callById(t.s, refused.body.id))!.failureReason).toContain("Authenticate (20003)");

    // Saved again with the right token and without re-sending it later: calls go out from the saved number.
    await t.admin.req("PUT", "/api/call-settings", {
      accountSid: ACCOUNT,
      authToken: TOKEN,
      phoneNumber: "+14155550111",
    });
    const kept = await t.admin.req("PUT", "/api/call-settings", { accountSid: ACCOUNT, phoneNumber: "+14155550112" });
    expect(kept.status).toBe(200);
    const { id, sid } = await placeCall(t);
    expect(t.fake.calls.get(sid)!.params.From).toBe("+14155550112");
    expect((await t.fake.status(sid, "ringing")).status).toBe(204);
    expect((await callById(t.s, id))!.status).toBe("ringing");
  });
});
