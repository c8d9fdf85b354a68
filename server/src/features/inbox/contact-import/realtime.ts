import type { AppContext } from "../../../platform/context";

/**
 * Import progress to the admins' sockets in every process (the job may run in a worker process;
 * the relay carries the event). Counts and the file name only: no row values.
 */
export function registerImportRealtime(ctx: AppContext) {
  ctx.bus.onEveryProcess("contact_import.updated", ({ import: imp }) =>
    ctx.hub.toAgents({ type: "contact_import.updated", import: imp }, (u) => u.role === "admin"),
  );
}
