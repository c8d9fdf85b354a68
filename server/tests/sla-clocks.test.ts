import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pauseClock, resumeClock, startClock, stopClock } from "../src/features/sla";
import { bootServer, type Client, drivers, loginAs, type TestServer } from "./helpers";

// Clocks are driven with explicit instants (`now`): the store never reads the wall clock.
describe.each(drivers)("SLA clocks (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let v1: string;
  let policyId: string;
  const at = (iso: string) => new Date(iso);
  const ticket = () => ({ subjectType: "ticket" as const, subjectId: randomUUID() });
  const clockCount = async (subjectId: string) =>
    (
      (await s.ctx.database.executeSql("select count(*)::int as n from sla_clocks where subject_id = $1", [subjectId]))
        .rows[0] as { n: number }
    ).n;

  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    const schedule = await admin.post("/api/sla/schedules", {
      name: "Madrid",
      timeZone: "Europe/Madrid",
      periods: [1, 2, 3, 4, 5].flatMap((day) => [
        { day, start: "09:00", end: "12:00" },
        { day, start: "13:00", end: "17:00" },
      ]),
      holidays: [],
    });
    const policy = await admin.post("/api/sla/policies", {
      name: "Clocks",
      scheduleId: schedule.body.id,
      targets: {
        normal: { firstReply: { minutes: 120, hours: "business" }, resolution: { minutes: 60, hours: "calendar" } },
      },
    });
    expect(policy.status).toBe(201);
    v1 = policy.body.versionId;
    policyId = policy.body.id;
  });
  afterAll(() => s.stop());

  it("stores the deadline pushed into business hours across a weekend with a DST change, and starts once", async () => {
    const t = ticket();
    const input = { ...t, metric: "firstReply" as const, policyVersionId: v1, priority: "normal" as const };
    const [a, b] = await Promise.all([
      startClock(s.ctx.db, { ...input, now: at("2026-03-27T16:00:00+01:00") }),
      startClock(s.ctx.db, { ...input, now: at("2026-03-27T16:00:00+01:00") }),
    ]);
    expect(a?.id).toBe(b?.id);
    expect(a).toMatchObject({ status: "active", targetSeconds: 7200, hours: "business", consumedSeconds: 0 });
    expect(a?.deadlineAt?.toISOString()).toBe("2026-03-30T08:00:00.000Z");
    expect(await clockCount(t.subjectId)).toBe(1);
    // No target for that priority or metric: no clock.
    expect(await startClock(s.ctx.db, { ...input, priority: "urgent", now: at("2026-03-27T16:00:00Z") })).toBeNull();
    expect(
      await startClock(s.ctx.db, { ...input, metric: "periodicUpdate", now: at("2026-03-27T16:00:00Z") }),
    ).toBeNull();
  });

  it("pauses (no deadline, time banked) and resumes with what is left, then hits", async () => {
    const c = { ...ticket(), metric: "firstReply" as const };
    await startClock(s.ctx.db, { ...c, policyVersionId: v1, priority: "normal", now: at("2026-03-27T16:00:00+01:00") });
    const paused = await pauseClock(s.ctx.db, { ...c, now: at("2026-03-27T16:30:00+01:00") });
    expect(paused).toMatchObject({ status: "paused", consumedSeconds: 1800, deadlineAt: null });
    // Pausing twice changes nothing.
    expect((await pauseClock(s.ctx.db, { ...c, now: at("2026-03-27T16:45:00+01:00") }))?.consumedSeconds).toBe(1800);
    const resumed = await resumeClock(s.ctx.db, { ...c, now: at("2026-03-30T09:00:00+02:00") });
    expect(resumed?.status).toBe("active");
    expect(resumed?.deadlineAt?.toISOString()).toBe("2026-03-30T08:30:00.000Z");
    const stopped = await stopClock(s.ctx.db, { ...c, now: at("2026-03-30T10:00:00+02:00") });
    expect(stopped).toMatchObject({ status: "hit", consumedSeconds: 5400 });
    expect(stopped?.stoppedAt?.toISOString()).toBe("2026-03-30T08:00:00.000Z");
    // Nothing open any more.
    expect(await stopClock(s.ctx.db, { ...c, now: at("2026-03-30T11:00:00+02:00") })).toBeNull();
    expect(await pauseClock(s.ctx.db, { ...c, now: at("2026-03-30T11:00:00+02:00") })).toBeNull();
    expect(await resumeClock(s.ctx.db, { ...c, now: at("2026-03-30T11:00:00+02:00") })).toBeNull();
  });

  it("records a miss one second past the deadline and a hit exactly at it (calendar hours)", async () => {
    const start = { policyVersionId: v1, priority: "normal" as const, metric: "resolution" as const };
    const late = ticket();
    await startClock(s.ctx.db, { ...late, ...start, now: at("2026-03-28T12:00:00Z") });
    const missed = await stopClock(s.ctx.db, { ...late, metric: "resolution", now: at("2026-03-28T13:00:01Z") });
    expect(missed).toMatchObject({ status: "missed", consumedSeconds: 3601 });
    const onTime = ticket();
    const started = await startClock(s.ctx.db, { ...onTime, ...start, now: at("2026-03-28T12:00:00Z") });
    expect(started?.deadlineAt?.toISOString()).toBe("2026-03-28T13:00:00.000Z");
    expect(
      (await stopClock(s.ctx.db, { ...onTime, metric: "resolution", now: at("2026-03-28T13:00:00Z") }))?.status,
    ).toBe("hit");
    // A paused clock past its target misses when stopped.
    const over = ticket();
    await startClock(s.ctx.db, { ...over, ...start, now: at("2026-03-28T12:00:00Z") });
    await pauseClock(s.ctx.db, { ...over, metric: "resolution", now: at("2026-03-28T14:00:00Z") });
    expect(
      (await stopClock(s.ctx.db, { ...over, metric: "resolution", now: at("2026-03-28T15:00:00Z") }))?.status,
    ).toBe("missed");
  });

  it("starts a fresh clock after a stop (next reply cycles) and keeps the version it started with", async () => {
    const c = { ...ticket(), metric: "firstReply" as const };
    const first = await startClock(s.ctx.db, {
      ...c,
      policyVersionId: v1,
      priority: "normal",
      now: at("2026-03-02T09:00:00+01:00"),
    });
    await pauseClock(s.ctx.db, { ...c, now: at("2026-03-02T10:00:00+01:00") });
    // The policy is edited meanwhile: 4 h instead of 2 h. The running clock keeps version 1's 2 h.
    const edited = await admin.patch(`/api/sla/policies/${policyId}`, {
      targets: { normal: { firstReply: { minutes: 240, hours: "business" } } },
    });
    expect(edited.body.version).toBe(2);
    const resumed = await resumeClock(s.ctx.db, { ...c, now: at("2026-03-02T13:00:00+01:00") });
    expect(resumed?.policyVersionId).toBe(v1);
    expect(resumed?.deadlineAt?.toISOString()).toBe("2026-03-02T13:00:00.000Z");
    await stopClock(s.ctx.db, { ...c, now: at("2026-03-02T13:30:00+01:00") });
    const second = await startClock(s.ctx.db, {
      ...c,
      policyVersionId: edited.body.versionId,
      priority: "normal",
      now: at("2026-03-02T14:00:00+01:00"),
    });
    expect(second?.id).not.toBe(first?.id);
    expect(second?.targetSeconds).toBe(4 * 3600);
    // 14:00–17:00 is 3 h, the fourth is Tuesday 09:00–10:00 (CET).
    expect(second?.deadlineAt?.toISOString()).toBe("2026-03-03T09:00:00.000Z");
    expect(await clockCount(c.subjectId)).toBe(2);
  });
});
