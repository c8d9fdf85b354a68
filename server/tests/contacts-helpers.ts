import { expect } from "vitest";
import { type Client, loginAs, type TestServer } from "./helpers";

/** An agent (not admin) who has replaced the temporary password, ready to call the API. */
export async function signedInAgent(s: TestServer, admin: Client, email: string) {
  const r = await admin.post("/api/agents", { name: email.split("@")[0], email });
  expect(r.status, r.text).toBe(201);
  const c = await loginAs(s.url, email, r.body.temporaryPassword);
  const changed = await c.post("/api/me/password", {
    currentPassword: r.body.temporaryPassword,
    newPassword: "agent-password-123",
  });
  expect(changed.status, changed.text).toBeLessThan(300);
  return loginAs(s.url, email, "agent-password-123");
}

export async function auditRows(s: TestServer, action: string) {
  return (await s.ctx.database.executeSql("select * from audit_log where action = $1 order by at", [action]))
    .rows as Record<string, any>[];
}

export async function count(s: TestServer, from: string, params: unknown[] = []) {
  return Number(
    ((await s.ctx.database.executeSql(`select count(*)::int as n from ${from}`, params)).rows[0] as { n: number }).n,
  );
}
