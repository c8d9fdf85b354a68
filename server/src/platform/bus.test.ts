import { describe, expect, it } from "vitest";
import { EventBus } from "./bus";
import { createLogger } from "./logger";

const payload = { userId: "u1", availability: "online" as const };

describe("EventBus.after", () => {
  it("runs bookkeeping once the event's own listeners have settled", async () => {
    const bus = new EventBus(createLogger("silent"));
    const order: string[] = [];
    let finish!: () => void;
    bus.after("presence.updated", () => {
      order.push("after");
    });
    bus.on("presence.updated", async () => {
      order.push("on:start");
      await new Promise<void>((r) => {
        finish = r;
      });
      order.push("on:end");
    });
    bus.emit("presence.updated", payload);
    await Promise.resolve();
    expect(order).toEqual(["on:start"]);
    finish();
    await bus.idle();
    expect(order).toEqual(["on:start", "on:end", "after"]);
  });

  it("runs at once when nothing else is pending, and a failing listener does not stop it", async () => {
    const bus = new EventBus(createLogger("silent"));
    const seen: string[] = [];
    bus.on("presence.updated", () => {
      throw new Error("boom");
    });
    bus.on("presence.updated", async () => {
      throw new Error("async boom");
    });
    bus.after("presence.updated", (p) => {
      seen.push(p.userId);
    });
    bus.emit("presence.updated", payload);
    await bus.idle();
    expect(seen).toEqual(["u1"]);
  });

  it("idle waits for listeners still running", async () => {
    const bus = new EventBus(createLogger("silent"));
    let done = false;
    bus.on("presence.updated", async () => {
      await new Promise((r) => setImmediate(r));
      done = true;
    });
    bus.emit("presence.updated", payload);
    expect(done).toBe(false);
    await bus.idle();
    expect(done).toBe(true);
  });
});
