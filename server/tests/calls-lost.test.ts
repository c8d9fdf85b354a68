// Calls nobody closes: a sandbox call abandoned after its greeting (the driving process gone) and
// real calls whose final Twilio status callback never arrived. The sweeper closes each one past its
// flow's maximum call length plus the margin: Twilio's own status when it has one, else failed as lost.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { LOST_REASON, sweepLostCalls } from "../src/features/calls/sweep-lost-calls";
import { callById, eventsOf, placeCall, useCalls } from "./calls-suite";
import { drivers } from "./helpers";

const MARGIN_S = 30;
/** The default flow allows 600 s. */
const past = (extraS: number) => Date.now() + (600 + MARGIN_S + extraS) * 1000;

describe.each(drivers)("the lost-call sweeper (%s)", (driver) => {
  const t = useCalls(driver, { CALL_LOST_MARGIN_SECONDS: String(MARGIN_S) });

  it("fails an abandoned sandbox call as lost, and only once it is past the flow's limit plus the margin", async () => {
    const r = await t.admin.post("/api/calls/sandbox", { contactId: t.contactId });
    expect(r.status, r.text).toBe(201);
    const id = r.body.call.id as string;
    expect(r.body.replies.length).toBeGreaterThan(0);
    // The tab (or the process driving it) is gone: no turn, no hang-up, ever.
    await sweepLostCalls(t.s.ctx, past(-20));
    expect((await callById(t.s, id))!.status).toBe("in_progress");
    await sweepLostCalls(t.s.ctx, past(5));
    const row = (await callById(t.s, id))!;
    expect(row).toMatchObject({ status: "failed", category: "failed", failureReason: LOST_REASON });
    expect(row.endedAt).not.toBeNull();
    const notes = (await eventsOf(t.s, id)).map((e) => e.summary);
    expect(notes.find((n) => n.startsWith(LOST_REASON))).toMatch(/no activity for \d+ s \(the flow allows 600 s/);
    const page = (await t.admin.get(`/api/calls/${id}`)).body;
    expect(page.call).toMatchObject({ status: "failed", category: "failed" });
    // A person sees it ended: the callee's next words are refused, and a second sweep changes nothing.
    expect((await t.admin.post(`/api/calls/${id}/sandbox`, { text: "hello?" })).status).toBe(409);
    await sweepLostCalls(t.s.ctx, past(120));
    expect((await eventsOf(t.s, id)).length).toBe(notes.length);
  });

  it("a sandbox call still talking is left alone: its last turn counts as activity", async () => {
    const r = await t.admin.post("/api/calls/sandbox", { contactId: t.contactId });
    const id = r.body.call.id as string;
    // The row and its events last changed 20 minutes ago; only the transcript shows the call is alive.
    await t.s.ctx.db.execute(
      sql`update calls set created_at = now() - interval '20 minutes', updated_at = now() - interval '20 minutes' where id = ${id}`,
    );
    await t.s.ctx.db.execute(
      sql`update call_events set created_at = now() - interval '20 minutes' where call_id = ${id}`,
    );
    expect((await t.admin.post(`/api/calls/${id}/sandbox`, { text: "Yes, go ahead" })).status).toBe(200);
    await sweepLostCalls(t.s.ctx, Date.now() + (600 + MARGIN_S - 10) * 1000);
    expect((await callById(t.s, id))!.status).toBe("in_progress");
  });

  it("a real call whose completed callback was lost takes its final status from Twilio's API", async () => {
    const { id, sid } = await placeCall(t);
    await t.fake.status(sid, "in-progress");
    t.fake.endSilently(sid, "completed", 42);
    const before = t.fake.log.filter((l) => l.method === "GET" && l.path.endsWith(`/Calls/${sid}.json`)).length;
    await sweepLostCalls(t.s.ctx, past(5));
    expect(t.fake.log.filter((l) => l.method === "GET" && l.path.endsWith(`/Calls/${sid}.json`)).length).toBe(
      before + 1,
    );
    const row = (await callById(t.s, id))!;
    expect(row).toMatchObject({ status: "completed", category: "completed", durationSeconds: 42, failureReason: null });
    expect((await eventsOf(t.s, id)).map((e) => e.summary).join("\n")).toContain(
      "final status from Twilio's API: completed (its status callback never arrived",
    );
  });

  it("a call Twilio still has in progress stays open (noted once); one Twilio does not know is lost", async () => {
    const live = await placeCall(t);
    await t.fake.status(live.sid, "in-progress");
    await sweepLostCalls(t.s.ctx, past(5));
    await sweepLostCalls(t.s.ctx, past(65));
    expect((await callById(t.s, live.id))!.status).toBe("in_progress");
    const notes = (await eventsOf(t.s, live.id)).filter((e) => e.summary.includes("Twilio still has the call"));
    expect(notes).toHaveLength(1);

    const gone = await placeCall(t);
    await t.fake.status(gone.sid, "ringing");
    t.fake.calls.delete(gone.sid);
    await sweepLostCalls(t.s.ctx, past(5));
    const row = (await callById(t.s, gone.id))!;
    expect(row).toMatchObject({ status: "failed", failureReason: LOST_REASON });
    expect((await eventsOf(t.s, gone.id)).map((e) => e.summary).join("\n")).toContain("Twilio does not know the call");
  });
});
