import { describe, expect, it } from "vitest";
import type { PartInFlight, SendProgress } from "./adapter";
import { type PlannedPart, sendParts } from "./send-parts";

/** A progress kept in memory here only: the deliver job keeps the same record in PostgreSQL. */
function recorder(sent: string[] = []) {
  const log: string[] = [];
  const progress: SendProgress = {
    sent,
    beforePart: async (p: PartInFlight) => void log.push(`before ${p.index} ${p.kind}${p.text ? ` "${p.text}"` : ""}`),
    afterPart: async (i, id) => void log.push(`after ${i} ${id}`),
  };
  return { progress, log };
}

const parts = (calls: string[], failAt = -1): PlannedPart[] =>
  ["a", "b", "c"].map((id, i) => ({
    kind: i < 2 ? "attachment" : "text",
    ...(i === 2 ? { text: "hello" } : {}),
    send: async () => {
      calls.push(id);
      if (i === failAt) throw new Error(`part ${id} failed`);
      return `id-${id}`;
    },
  }));

describe("sendParts", () => {
  it("announces and records every part in order, and returns the part that stands for the message", async () => {
    const calls: string[] = [];
    const { progress, log } = recorder();
    expect(await sendParts(parts(calls), progress, "last")).toEqual({ externalId: "id-c" });
    expect(calls).toEqual(["a", "b", "c"]);
    expect(log).toEqual([
      "before 0 attachment",
      "after 0 id-a",
      "before 1 attachment",
      "after 1 id-b",
      'before 2 text "hello"',
      "after 2 id-c",
    ]);
  });

  it("stops at the failing part without recording it, and a retry resumes there", async () => {
    const calls: string[] = [];
    const first = recorder();
    await expect(sendParts(parts(calls, 1), first.progress, "first")).rejects.toThrow("part b failed");
    expect(first.log).toEqual(["before 0 attachment", "after 0 id-a", "before 1 attachment"]);
    const retry = recorder(["id-a"]);
    expect(await sendParts(parts(calls), retry.progress, "first")).toEqual({ externalId: "id-a" });
    expect(calls).toEqual(["a", "b", "b", "c"]);
  });

  it("sends nothing when every part is already recorded, and refuses an empty message", async () => {
    const calls: string[] = [];
    expect(await sendParts(parts(calls), recorder(["id-a", "id-b", "id-c"]).progress, "last")).toEqual({
      externalId: "id-c",
    });
    expect(calls).toEqual([]);
    await expect(sendParts([], recorder().progress, "last")).rejects.toMatchObject({ info: { code: "empty" } });
  });
});
