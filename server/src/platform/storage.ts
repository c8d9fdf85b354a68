import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Attachments on disk under DATA_DIR/attachments, in two-level fan-out folders. */
export class FileStorage {
  readonly root: string;
  constructor(dataDir: string) {
    this.root = path.join(dataDir, "attachments");
    fs.mkdirSync(this.root, { recursive: true });
  }

  async put(bytes: Buffer): Promise<string> {
    const key = crypto.randomUUID();
    const rel = path.join(key.slice(0, 2), key);
    await fs.promises.mkdir(path.join(this.root, key.slice(0, 2)), { recursive: true });
    await fs.promises.writeFile(path.join(this.root, rel), bytes);
    return rel;
  }

  pathOf(key: string): string {
    const p = path.resolve(this.root, key);
    if (!p.startsWith(this.root + path.sep)) throw new Error("storage key escapes root");
    return p;
  }

  async remove(key: string) {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }
}
