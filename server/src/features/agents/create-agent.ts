import crypto from "node:crypto";
import type { Role, User } from "@switchboard/contracts";
import { hashPassword } from "../../platform/auth/passwords";
import type { Db } from "../../platform/db/client";
import { AppError } from "../../platform/errors";
import { toUser } from "./queries";
import { users } from "./schema";

export interface NewAgent {
  name: string;
  email: string;
  role: Role;
  capacity?: number;
  password?: string;
}

/** Creates a user. Without a password one is generated and returned once; it is never stored in clear. */
export async function createAgent(db: Db, a: NewAgent): Promise<{ agent: User; temporaryPassword: string | null }> {
  const temporaryPassword = a.password ? null : crypto.randomBytes(12).toString("base64url");
  const passwordHash = await hashPassword(a.password ?? temporaryPassword!);
  const [row] = await db
    .insert(users)
    .values({
      name: a.name,
      email: a.email.toLowerCase(),
      role: a.role,
      capacity: a.capacity ?? 10,
      passwordHash,
      // A generated password travelled through someone else's hands: it must be replaced at first login.
      mustChangePassword: temporaryPassword !== null,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) {
    throw new AppError("conflict", "A user with this email already exists", {
      fieldErrors: { email: ["A user with this email already exists"] },
      formErrors: [],
    });
  }
  return { agent: toUser(row), temporaryPassword };
}
