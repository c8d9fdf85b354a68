// `npm start`: build the console and widget when missing or stale, then run the server.
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);

function newest(dir) {
  let t = 0;
  if (!fs.existsSync(dir)) return t;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) t = Math.max(t, fs.statSync(path.join(e.parentPath, e.name)).mtimeMs);
  }
  return t;
}

const targets = [
  { out: "dist/web/index.html", src: ["web", "contracts/src"], config: "web/vite.config.ts" },
  { out: "dist/widget/widget.js", src: ["widget/src", "contracts/src"], config: "widget/vite.config.ts" },
];
for (const t of targets) {
  const out = path.join(root, t.out);
  const built = fs.existsSync(out) ? fs.statSync(out).mtimeMs : 0;
  if (built && Math.max(...t.src.map((d) => newest(path.join(root, d)))) <= built) continue;
  console.log(`Building ${t.out} ...`);
  const r = spawnSync(bin("vite"), ["build", "--config", t.config, "--logLevel", "warn"], {
    cwd: root,
    stdio: "inherit",
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const child = spawn(bin("tsx"), [path.join(root, "server/src/main.ts")], { cwd: process.cwd(), stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
