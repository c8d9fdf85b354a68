import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootServer, type Client, drivers, loginAs, type TestServer } from "./helpers";
import { startS3Fake } from "./s3-fake";

const upload = async (admin: Client, bytes: Buffer, type = "application/pdf", name = "doc.pdf") => {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)], { type }), name);
  const r = await admin.req("POST", "/api/attachments", form);
  expect(r.status, r.text).toBe(201);
  return r.body as { id: string; url: string };
};
const download = async (base: string, admin: Client, url: string) => {
  const r = await fetch(base + url, { headers: { cookie: admin.cookie } });
  return { status: r.status, type: r.headers.get("content-type"), bytes: Buffer.from(await r.arrayBuffer()) };
};

describe.each(drivers)("attachment storage (%s)", (driver) => {
  describe("in PostgreSQL (the default)", () => {
    let s: TestServer;
    let admin: Client;
    const legacyKey = `${crypto.randomUUID().slice(0, 2)}/legacy-${crypto.randomUUID()}`;
    const legacyBytes = crypto.randomBytes(3000);
    beforeAll(async () => {
      // A data folder left by an earlier version: attachments on disk under DATA_DIR/attachments.
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-legacy-"));
      fs.mkdirSync(path.join(dataDir, "attachments", legacyKey.split("/")[0]!), { recursive: true });
      fs.writeFileSync(path.join(dataDir, "attachments", legacyKey), legacyBytes);
      s = await bootServer(driver, {}, { dataDir, ...(driver === "postgres" ? await fresh() : {}) });
      admin = await loginAs(s.url);
    });
    afterAll(() => s.stop());

    it("stores bytes in stored_files and serves them back unchanged", async () => {
      const bytes = crypto.randomBytes(200_000);
      const up = await upload(admin, bytes);
      const got = await download(s.url, admin, up.url);
      expect(got.status).toBe(200);
      expect(got.type).toBe("application/pdf");
      expect(got.bytes.equals(bytes)).toBe(true);
      const rows = await s.ctx.database.executeSql(
        "select f.size, f.content_type from stored_files f join attachments a on a.storage_key = f.key where a.id = $1",
        [up.id],
      );
      expect(rows.rows).toEqual([{ size: 200_000, content_type: "application/pdf" }]);
    });

    it("answers a byte range with 206 (players seek in audio and video)", async () => {
      const bytes = crypto.randomBytes(10_000);
      const up = await upload(admin, bytes, "audio/mpeg", "voice.mp3");
      const r = await fetch(s.url + up.url, { headers: { cookie: admin.cookie, range: "bytes=100-199" } });
      expect(r.status).toBe(206);
      expect(r.headers.get("content-range")).toBe("bytes 100-199/10000");
      expect(Buffer.from(await r.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);
      const bad = await fetch(s.url + up.url, { headers: { cookie: admin.cookie, range: "bytes=20000-" } });
      expect(bad.status).toBe(416);
    });

    it("imports files an earlier version kept on disk, once, under the same keys", async () => {
      expect(s.ctx.storage.kind).toBe("postgres");
      expect((await s.ctx.storage.get(legacyKey)).equals(legacyBytes)).toBe(true);
      expect(fs.existsSync(path.join(s.dataDir, "attachments"))).toBe(false);
      const kept = fs.readdirSync(s.dataDir).filter((d) => d.startsWith("attachments.imported-"));
      expect(kept).toHaveLength(1);
    });

    it("a removed file is a clear 404, not a 500", async () => {
      const up = await upload(admin, Buffer.from("short-lived"), "text/plain", "note.txt");
      const [row] = (await s.ctx.database.executeSql("select storage_key from attachments where id = $1", [up.id]))
        .rows as { storage_key: string }[];
      await s.ctx.storage.remove(row!.storage_key);
      const r = await admin.get(up.url);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe("not_found");
    });
  });

  describe("in an S3-compatible bucket", () => {
    let s3: Awaited<ReturnType<typeof startS3Fake>>;
    let a: TestServer;
    let b: TestServer | undefined;
    let adminA: Client;
    const env = () => ({
      S3_BUCKET: "switchboard-files",
      S3_ENDPOINT: s3.url,
      S3_REGION: "eu-central-1",
      S3_ACCESS_KEY_ID: "test-access-key",
      S3_SECRET_ACCESS_KEY: "test-secret-key",
      S3_FORCE_PATH_STYLE: "true",
      SECRET_KEY: "7c".repeat(32),
    });
    beforeAll(async () => {
      s3 = await startS3Fake({ bucket: "switchboard-files", accessKeyId: "test-access-key" });
      a = await bootServer(driver, env());
      adminA = await loginAs(a.url);
      // A second server on the same database and bucket (PostgreSQL server only: PGlite is one process).
      if (driver === "postgres")
        b = await bootServer(driver, env(), {
          dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "sb-s3b-")),
          url: a.ctx.config.databaseUrl!,
          drop: async () => {},
        });
    });
    afterAll(async () => {
      await b?.stop();
      await a.stop();
      await s3.close();
    });

    it("puts uploads in the bucket (path-style) and serves them from there", async () => {
      const bytes = crypto.randomBytes(50_000);
      const up = await upload(adminA, bytes, "image/png", "shot.png");
      const [row] = (await a.ctx.database.executeSql("select storage_key from attachments where id = $1", [up.id]))
        .rows as { storage_key: string }[];
      const object = s3.objects.get(row!.storage_key);
      expect(object?.contentType).toBe("image/png");
      expect(object?.bytes.equals(bytes)).toBe(true);
      expect(s3.requests.some((r) => r.method === "PUT" && r.path === `/switchboard-files/${row!.storage_key}`)).toBe(
        true,
      );
      const got = await download(a.url, adminA, up.url);
      expect(got.bytes.equals(bytes)).toBe(true);
      const inDb = await a.ctx.database.executeSql("select count(*)::int as n from stored_files", []);
      expect(inDb.rows).toEqual([{ n: 0 }]);
    });

    it.runIf(driver === "postgres")("a file uploaded through one server downloads through another", async () => {
      const bytes = crypto.randomBytes(10_000);
      const up = await upload(adminA, bytes);
      const adminB = await loginAs(b!.url);
      const got = await download(b!.url, adminB, up.url);
      expect(got.status).toBe(200);
      expect(got.bytes.equals(bytes)).toBe(true);
    });

    it("an object missing from the bucket is a clear 404", async () => {
      const up = await upload(adminA, Buffer.from("gone soon"), "text/plain", "gone.txt");
      s3.objects.clear();
      const r = await adminA.get(up.url);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe("not_found");
    });
  });
});

async function fresh() {
  const { freshDatabaseUrl } = await import("./helpers");
  return freshDatabaseUrl();
}
