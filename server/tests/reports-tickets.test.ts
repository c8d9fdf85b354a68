import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootServer, type Client, drivers, loginAs, type TestServer } from "./helpers";

/**
 * Issue 10 §4, the tickets report: created, solved and the backlog at each local day's end, and
 * per priority. Tickets are opened through the API, then dated (created, solved, closed) at chosen
 * instants, so every count below is known exactly.
 */
describe.each(drivers)("reports: tickets (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let anaId = "";
  const range = "from=2026-03-01&to=2026-03-03&timeZone=UTC";
  const get = async (path: string) => {
    const r = await admin.get(path);
    expect(r.status, r.text).toBe(200);
    return r.body;
  };

  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    anaId = (await admin.post("/api/agents", { name: "Ana", email: "ana@example.com", password: "long-enough-secret" }))
      .body.agent.id;
    const open = async (
      subject: string,
      priority: string,
      dates: { created: string; solved?: string; closed?: string },
      extra: Record<string, unknown> = {},
    ) => {
      const r = await admin.post("/api/tickets", { subject, priority, ...extra });
      expect(r.status, r.text).toBe(201);
      const status = dates.closed ? "closed" : dates.solved ? "solved" : "open";
      await s.ctx.database.executeSql(
        "update tickets set created_at = $2, solved_at = $3, closed_at = $4, status = $5 where id = $1",
        [r.body.id, dates.created, dates.solved ?? null, dates.closed ?? null, status],
      );
    };
    await open("T1", "normal", { created: "2026-03-01T10:00:00Z", solved: "2026-03-02T09:00:00Z" });
    await open("T2", "high", { created: "2026-03-01T23:30:00Z" });
    await open("T3", "urgent", { created: "2026-03-02T12:00:00Z", closed: "2026-03-03T08:00:00Z" });
    await open("T4", "low", { created: "2026-02-28T12:00:00Z", solved: "2026-03-03T10:00:00Z" });
    await open("T5", "normal", { created: "2026-03-03T05:00:00Z" }, { assigneeId: anaId });
  });
  afterAll(() => s.stop());

  it("per local day: created, solved, the backlog at the day's end; per priority", async () => {
    const r = await get(`/api/reports/tickets?${range}`);
    expect(r.rows).toEqual([
      // T4 (from before the range), T1 and T2 are open at the end of the first day.
      { bucket: "2026-03-01", day: "2026-03-01", created: 2, solved: 0, backlog: 3 },
      // T1 solved; T3 created.
      { bucket: "2026-03-02", day: "2026-03-02", created: 1, solved: 1, backlog: 3 },
      // T4 solved, T3 closed (not solved), T5 created: T2 and T5 remain.
      { bucket: "2026-03-03", day: "2026-03-03", created: 1, solved: 1, backlog: 2 },
    ]);
    expect(r.byPriority).toEqual([
      { priority: "low", created: 0, solved: 0, open: 0 },
      { priority: "normal", created: 2, solved: 1, open: 1 },
      { priority: "high", created: 1, solved: 0, open: 1 },
      { priority: "urgent", created: 1, solved: 0, open: 0 },
    ]);
  });

  it("local days in the requested zone, and the agent filter", async () => {
    const k = await get("/api/reports/tickets?from=2026-03-01&to=2026-03-03&timeZone=Asia/Kolkata");
    // +05:30: T2 (23:30Z) falls on March 2; T3 (12:00Z) too; T5 (05:00Z) on March 3.
    expect(k.rows.map((x: { created: number }) => x.created)).toEqual([1, 2, 1]);
    const ana = await get(`/api/reports/tickets?${range}&agent=${anaId}`);
    expect(ana.rows.map((x: { created: number; backlog: number }) => [x.created, x.backlog])).toEqual([
      [0, 0],
      [0, 0],
      [1, 1],
    ]);
  });

  it("CSV equals the rows; bad input is a 400; its points open tickets, not conversations", async () => {
    const json = await get(`/api/reports/tickets?${range}`);
    const csv = await admin.get(`/api/reports/tickets?${range}&format=csv`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const parsed = Papa.parse<Record<string, string>>(csv.text.replace(/^\uFEFF/, "").trim(), { header: true });
    expect(parsed.data).toEqual(
      json.rows.map((row: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(row).map(([key, v]) => [key, String(v)])),
      ),
    );
    expect((await admin.get("/api/reports/tickets?from=2026-03-03&to=2026-03-01&timeZone=UTC")).status).toBe(400);
    expect((await admin.get("/api/reports/tickets?timeZone=Mars/Olympus")).status).toBe(400);
    const drill = await admin.get(`/api/reports/conversations?${range}&chart=tickets&bucket=2026-03-01`);
    expect(drill.status).toBe(400);
    expect(drill.body.error.message).toContain("/api/tickets");
    expect((await admin.get(`/api/reports/tickets?${range}`)).status).toBe(200);
  });
});
