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
  it("runs every role in one process by default; split roles need a PostgreSQL server", () => {
    expect(loadConfig({}).role).toBe("all");
    expect(() => loadConfig({ ROLE: "web" })).toThrow(/ROLE: ROLE=web needs DATABASE_URL/);
    expect(() => loadConfig({ ROLE: "worker" })).toThrow(/ROLE: ROLE=worker needs DATABASE_URL/);
    expect(() => loadConfig({ ROLE: "both" })).toThrow(/ROLE/);
    expect(() => loadConfig({ ROLE: "worker", DATABASE_URL: "postgres://x/y" })).toThrow(
      /SECRET_KEY: ROLE=worker needs SECRET_KEY/,
    );
    expect(loadConfig({ ROLE: "worker", DATABASE_URL: "postgres://x/y", SECRET_KEY: "ab".repeat(32) }).role).toBe(
      "worker",
    );
  });
  it("stores attachments in PostgreSQL unless an S3 bucket is configured", () => {
    expect(loadConfig({}).s3).toBeUndefined();
    const c = loadConfig({
      S3_BUCKET: "files",
      S3_ENDPOINT: "http://127.0.0.1:9000",
      S3_ACCESS_KEY_ID: "k",
      S3_SECRET_ACCESS_KEY: "s",
      S3_FORCE_PATH_STYLE: "1",
    });
    expect(c.s3).toEqual({
      bucket: "files",
      endpoint: "http://127.0.0.1:9000",
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: "k", secretAccessKey: "s" },
    });
    expect(() => loadConfig({ S3_BUCKET: "files", S3_ACCESS_KEY_ID: "k" })).toThrow(/S3_SECRET_ACCESS_KEY/);
  });
});
