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
    expect(drill.body.error.message).toContain("/api/reports/tickets/drill-down");
    expect((await admin.get(`/api/reports/tickets?${range}`)).status).toBe(200);
  });

  it("every day bar and priority row opens exactly the tickets it counted", async () => {
    const subjects = async (bucket: string, extra = "") => {
      const r = await get(`/api/reports/tickets/drill-down?${range}&bucket=${encodeURIComponent(bucket)}${extra}`);
      expect(r.total).toBe(r.items.length);
      return r.items.map((i: { subject: string }) => i.subject).sort();
    };
    expect(await subjects("created:2026-03-01")).toEqual(["T1", "T2"]);
    expect(await subjects("solved:2026-03-02")).toEqual(["T1"]);
    expect(await subjects("backlog:2026-03-01")).toEqual(["T1", "T2", "T4"]);
    expect(await subjects("backlog:2026-03-03")).toEqual(["T2", "T5"]);
    expect(await subjects("priority:normal")).toEqual(["T1", "T5"]);
    expect(await subjects("priority:normal:solved")).toEqual(["T1"]);
    expect(await subjects("priority:normal:open")).toEqual(["T5"]);
    expect(await subjects("priority:low")).toEqual([]);
    expect(await subjects("created:2026-03-03", `&agent=${anaId}`)).toEqual(["T5"]);
    // The zone moves the day: T2 (23:30Z) is on March 2 in Kolkata.
    const k = await get(
      "/api/reports/tickets/drill-down?from=2026-03-01&to=2026-03-03&timeZone=Asia/Kolkata&bucket=created:2026-03-02",
    );
    expect(k.items.map((i: { subject: string }) => i.subject).sort()).toEqual(["T2", "T3"]);
    // Every point's count equals its list.
    const report = await get(`/api/reports/tickets?${range}`);
    for (const row of report.rows)
      for (const kind of ["created", "solved", "backlog"] as const)
        expect((await subjects(`${kind}:${row.day}`)).length).toBe(row[kind]);
    for (const p of report.byPriority)
      for (const [suffix, n] of [
        ["", p.created],
        [":solved", p.solved],
        [":open", p.open],
      ] as const)
        expect((await subjects(`priority:${p.priority}${suffix}`)).length).toBe(n);
    // No bucket: every ticket created in the range; each item names the ticket for its link.
    const all = await get(`/api/reports/tickets/drill-down?${range}`);
    expect(all.total).toBe(4);
    expect(all.items[0]).toMatchObject({ subject: "T5", priority: "normal", assigneeName: "Ana", teamName: null });
    expect(all.items[0].number).toBeGreaterThan(0);
    // CSV equals the items; bad buckets are a 400 with the error body; agents only.
    const csv = await admin.get(`/api/reports/tickets/drill-down?${range}&bucket=created:2026-03-01&format=csv`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const parsed = Papa.parse<Record<string, string>>(csv.text.replace(/^\uFEFF/, "").trim(), { header: true });
    const json = await get(`/api/reports/tickets/drill-down?${range}&bucket=created:2026-03-01`);
    expect(parsed.data).toEqual(
      json.items.map((row: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(row).map(([key, v]) => [key, v === null ? "" : String(v)])),
      ),
    );
    for (const bad of ["created:yesterday", "priority:extreme", "weird", "backlog:2026-13-01x"]) {
      const r = await admin.get(`/api/reports/tickets/drill-down?${range}&bucket=${bad}`);
      expect(r.status, bad).toBe(400);
      expect(r.body.error.code).toBe("validation_failed");
    }
    expect((await admin.get(`/api/reports/tickets/drill-down?${range}&limit=0`)).status).toBe(400);
    const anon = await fetch(`${s.url}/api/reports/tickets/drill-down?${range}`);
    expect(anon.status).toBe(401);
  });
});
