/** Widget script and console initial JS, gzipped. Targets: widget ≤ 30 KB, console ≤ 250 KB. */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { report } from "./lib";

const dist = path.resolve(import.meta.dirname, "../dist");
const gz = (file: string) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

/** The console's initial JS: the entry script of index.html plus the chunks it preloads. */
function consoleInitial(): { bytes: number; files: string[] } {
  const html = fs.readFileSync(path.join(dist, "web/index.html"), "utf8");
  const files = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  return { bytes: files.reduce((n, f) => n + gz(path.join(dist, "web", f)), 0), files };
}

export function sizesBench() {
  const widget = gz(path.join(dist, "widget/widget.js"));
  const widgetRaw = fs.statSync(path.join(dist, "widget/widget.js")).size;
  const c = consoleInitial();
  const kb = (n: number) => Math.round((n / 1024) * 10) / 10;
  report("bundle-sizes", [
    {
      case: "widget.js",
      raw_kb: kb(widgetRaw),
      gzip_kb: kb(widget),
      target: `≤ 30 KB: ${widget <= 30 * 1024 ? "met" : "MISSED"}`,
    },
    {
      case: `console initial JS (${c.files.length} files)`,
      raw_kb: "",
      gzip_kb: kb(c.bytes),
      target: `≤ 250 KB: ${c.bytes <= 250 * 1024 ? "met" : "MISSED"}`,
    },
  ]);
}
