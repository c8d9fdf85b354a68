import crypto from "node:crypto";
import type { AppContext } from "../../platform/context";
import { createAgent } from "./create-agent";
import { countUsers } from "./queries";

/**
 * The first admin: from ADMIN_EMAIL/ADMIN_PASSWORD on an empty database. Without them, a brand-new
 * embedded database in development gets an admin with a generated password printed once; otherwise
 * the console shows the first-run setup screen. There is never a default password.
 */
export async function bootstrapAdmin(ctx: AppContext): Promise<{ email: string; password: string | null } | null> {
  if ((await countUsers(ctx.db)) > 0) return null;
  if (ctx.config.admin) {
    await createAgent(ctx.db, {
      name: "Admin",
      email: ctx.config.admin.email,
      password: ctx.config.admin.password,
      role: "admin",
    });
    return { email: ctx.config.admin.email, password: null };
  }
  if (ctx.config.demo) {
    const password = crypto.randomBytes(9).toString("base64url");
    await createAgent(ctx.db, { name: "Admin", email: "admin@switchboard.local", password, role: "admin" });
    return { email: "admin@switchboard.local", password };
  }
  return null;
}
