// `npm run dev`: server restarts on change (tsx watch), Vite HMR for the console on :5173
// (proxying the API to :5000), and the widget rebuilt on change.
import { spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const procs = [
  [bin("tsx"), ["watch", "--clear-screen=false", "server/src/main.ts"]],
  [bin("vite"), ["--config", "web/vite.config.ts"]],
  [bin("vite"), ["build", "--watch", "--config", "widget/vite.config.ts", "--logLevel", "warn"]],
].map(([cmd, args]) => spawn(cmd, args, { cwd: root, stdio: "inherit" }));
console.log("\n  Console with hot reload: http://localhost:5173  (API on http://localhost:5000)\n");
const stop = () => {
  for (const p of procs) p.kill("SIGTERM");
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
for (const p of procs) p.on("exit", (code) => code && stop());
