// `npm run admin -- <command> [args]`: operator commands (see server/src/cli/admin.ts).
import { spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const child = spawn(
  path.join(root, "node_modules", ".bin", "tsx"),
  [path.join(root, "server/src/cli/admin.ts"), ...process.argv.slice(2)],
  { cwd: process.cwd(), stdio: "inherit" },
);
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
