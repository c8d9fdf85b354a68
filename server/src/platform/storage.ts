import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { eq, sql } from "drizzle-orm";
import type { Config } from "../config";
import type { Db } from "./db/client";
import { storedFiles } from "./db/platform-tables";
import { AppError } from "./errors";
import type { Logger } from "./logger";

/**
 * Where attachment bytes (and later call recordings) live: a store every process reaches.
 * Keys are opaque strings chosen by the store; metadata (name, type, owner) stays in the
 * feature's own table.
 */
export interface FileStore {
  readonly kind: "postgres" | "s3";
  put(bytes: Buffer, contentType: string): Promise<string>;
  /** The bytes, or AppError not_found when the key holds nothing. */
  get(key: string): Promise<Buffer>;
  remove(key: string): Promise<void>;
  /** Stores under a given key (the one-time import of files kept on disk by earlier versions). */
  putAt(key: string, bytes: Buffer, contentType: string): Promise<void>;
}

const newKey = () => {
  const id = crypto.randomUUID();
  return `${id.slice(0, 2)}/${id}`;
};
const missing = () => new AppError("not_found", "The file is no longer stored");

/**
 * Bytes in PostgreSQL (bytea; TOAST compresses and stores them out of line). The default, embedded
 * database included: nothing else to run or back up. On PGlite a file is held in memory while it
 * is read or written, which is fine at the upload limit (MAX_UPLOAD_MB, 100 MB at most).
 */
export class PostgresFileStore implements FileStore {
  readonly kind = "postgres";
  constructor(private readonly db: Db) {}

  async put(bytes: Buffer, contentType: string) {
    const key = newKey();
    await this.putAt(key, bytes, contentType);
    return key;
  }

  async putAt(key: string, bytes: Buffer, contentType: string) {
    await this.db
      .insert(storedFiles)
      .values({ key, contentType, size: bytes.length, bytes })
      .onConflictDoNothing({ target: storedFiles.key });
  }

  async get(key: string) {
    const [row] = await this.db
      .select({ bytes: storedFiles.bytes })
      .from(storedFiles)
      .where(eq(storedFiles.key, key))
      .limit(1);
    if (!row) throw missing();
    return row.bytes;
  }

  async remove(key: string) {
    await this.db.delete(storedFiles).where(eq(storedFiles.key, key));
  }
}

/** Any S3-compatible bucket (AWS, MinIO, R2, Garage…); path-style addressing for most self-hosted ones. */
export class S3FileStore implements FileStore {
  readonly kind = "s3";
  private readonly client: S3Client;
  constructor(private readonly opts: NonNullable<Config["s3"]>) {
    this.client = new S3Client({
      region: opts.region,
      endpoint: opts.endpoint,
      forcePathStyle: opts.forcePathStyle,
      credentials: opts.credentials,
      // The SDK's default flexible checksums (x-amz-sdk-checksum-algorithm, CRC32 headers) are refused
      // by several S3-compatible services (Backblaze B2, older MinIO and R2): off for custom endpoints.
      ...(opts.endpoint
        ? { requestChecksumCalculation: "WHEN_REQUIRED" as const, responseChecksumValidation: "WHEN_REQUIRED" as const }
        : {}),
    });
  }

  async put(bytes: Buffer, contentType: string) {
    const key = newKey();
    await this.putAt(key, bytes, contentType);
    return key;
  }

  async putAt(key: string, bytes: Buffer, contentType: string) {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.opts.bucket, Key: key, Body: bytes, ContentType: contentType }),
    );
  }

  async get(key: string) {
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key: key }));
      if (!r.Body) throw missing();
      return Buffer.from(await r.Body.transformToByteArray());
    } catch (err) {
      if (err instanceof NoSuchKey || (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404))
        throw missing();
      throw err;
    }
  }

  async remove(key: string) {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.opts.bucket, Key: key }));
  }
}

export function openFileStore(config: Config, db: Db): FileStore {
  return config.s3 ? new S3FileStore(config.s3) : new PostgresFileStore(db);
}

/**
 * Earlier versions kept attachments on disk under DATA_DIR/attachments (keys "ab/<uuid>"). They are
 * copied once into the store under the same keys, so attachment rows need no change, and the
 * folder is renamed to attachments.imported-<time> (kept as a backup; delete it when satisfied).
 * Every step is idempotent (same key, same bytes), so two processes sharing a DATA_DIR that start
 * together at worst copy a file twice; the one that finds the folder gone stops.
 */
export async function importLegacyFiles(db: Db, store: FileStore, dataDir: string, log: Logger): Promise<number> {
  const root = path.join(dataDir, "attachments");
  if (!fs.existsSync(root)) return 0;
  // Raw SQL: the platform reads the inbox's table without importing the feature.
  const result = (await db.execute(sql`select storage_key, content_type from attachments`)) as unknown as {
    rows: { storage_key: string; content_type: string }[];
  };
  const types = new Map<string, string>();
  for (const r of result.rows) types.set(r.storage_key, r.content_type);
  let count = 0;
  try {
    for (const dir of await fs.promises.readdir(root)) {
      const sub = path.join(root, dir);
      if (!(await fs.promises.stat(sub)).isDirectory()) continue;
      for (const name of await fs.promises.readdir(sub)) {
        const key = `${dir}/${name}`;
        const bytes = await fs.promises.readFile(path.join(sub, name));
        await store.putAt(key, bytes, types.get(key) ?? "application/octet-stream");
        count++;
      }
    }
    await fs.promises.rename(root, path.join(dataDir, `attachments.imported-${Date.now()}`));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return count; // another process finished it
    throw err;
  }
  log.info({ count, store: store.kind }, "imported attachments from DATA_DIR/attachments");
  return count;
}
