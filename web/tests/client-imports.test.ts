/**
 * What the console and the widget may import. Both ship to browsers: server code (and its secrets,
 * drivers and Node built-ins) must never reach them, the widget takes nothing but types from the
 * contracts (it has a 30 KB budget), and the contracts import nothing but Zod so clients can use them.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
function files(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((f) => path.join(dir, f));
}
/** Every import/export-from in a file: its specifier and whether it is type-only. */
function imports(file: string): { spec: string; typeOnly: boolean }[] {
  const src = fs.readFileSync(path.join(root, file), "utf8");
  const out: { spec: string; typeOnly: boolean }[] = [];
  for (const m of src.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s+"([^"]+)"/gms))
    out.push({ spec: m[3]!, typeOnly: !!m[2] });
  for (const m of src.matchAll(/import\(\s*"([^"]+)"\s*\)/g)) out.push({ spec: m[1]!, typeOnly: false });
  return out;
}
const serverOnly = /^(node:|pg$|pg-boss|express|drizzle-orm|argon2|pino|multer|ws$|@electric-sql\/pglite|tsx)/;

describe("client import boundaries", () => {
  it("reads imports, type-only ones included (so the checks below cannot pass on nothing)", () => {
    expect(files("web/src").flatMap(imports).length).toBeGreaterThan(200);
    expect(imports("widget/src/types.ts")).toContainEqual({ spec: "@switchboard/contracts", typeOnly: true });
    expect(imports("web/src/lib/types.ts")).toContainEqual({ spec: "@switchboard/contracts/values", typeOnly: false });
  });

  it("keeps server code, drivers and Node built-ins out of the console", () => {
    const bad = files("web/src").flatMap((f) =>
      imports(f)
        .filter((i) => serverOnly.test(i.spec) || /(^|\/)server\//.test(i.spec))
        .map((i) => `${f}: ${i.spec}`),
    );
    expect(bad).toEqual([]);
  });

  it("lets the widget take only types from the contracts and Zod", () => {
    const bad = files("widget/src").flatMap((f) =>
      imports(f)
        .filter(
          (i) =>
            serverOnly.test(i.spec) ||
            /(^|\/)server\//.test(i.spec) ||
            ((i.spec.startsWith("@switchboard/contracts") || i.spec.startsWith("zod")) && !i.typeOnly),
        )
        .map((i) => `${f}: ${i.spec}`),
    );
    expect(bad).toEqual([]);
  });

  it("keeps the contracts free of anything but Zod, and their values free of Zod", () => {
    for (const f of files("contracts/src"))
      for (const i of imports(f)) expect(i.spec === "zod" || i.spec.startsWith("./"), `${f}: ${i.spec}`).toBe(true);
    const valueFiles = ["contracts/src/values.ts", "contracts/src/templates.ts"];
    for (const f of valueFiles)
      expect(
        imports(f).filter((i) => !i.spec.startsWith("./")),
        f,
      ).toEqual([]);
  });
});
