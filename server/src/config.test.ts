import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";

describe("config", () => {
  it("defaults to port 5000 and an embedded database under ./data", () => {
    const c = loadConfig({});
    expect(c.port).toBe(5000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toMatch(/data$/);
  });
  it("names the variable that is wrong", () => {
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must be a postgres/);
    expect(() => loadConfig({ SECRET_KEY: "abc" })).toThrow(/SECRET_KEY/);
    expect(() => loadConfig({ SECRET_KEYS: `${"a".repeat(64)},short` })).toThrow(/SECRET_KEYS/);
    expect(loadConfig({ SECRET_KEYS: `${"a".repeat(64)}, ${"b".repeat(64)}` }).secretKeys).toEqual([
      "a".repeat(64),
      "b".repeat(64),
    ]);
    expect(() => loadConfig({ ADMIN_EMAIL: "a@b.co" })).toThrow(/ADMIN_PASSWORD/);
    expect(() => loadConfig({ ADMIN_EMAIL: "a@b.co", ADMIN_PASSWORD: "short" })).toThrow(
      /ADMIN_PASSWORD: must be at least 10/,
    );
  });
  it("seeds demo data only for a development embedded database", () => {
    expect(loadConfig({}).demo).toBe(true);
    expect(loadConfig({ NODE_ENV: "production" }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: "postgres://x/y" }).demo).toBe(false);
    expect(loadConfig({ DEMO: "0" }).demo).toBe(false);
    expect(loadConfig({ NODE_ENV: "test" }).demo).toBe(false);
  });
});
