import { z } from "zod";
import { NO_NUL, isoDate, text } from "./common";
import { availabilities, roles, visibilities } from "./values";

export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const availabilitySchema = z.enum(availabilities);
export type Availability = z.infer<typeof availabilitySchema>;

export const visibilitySchema = z
  .enum(visibilities)
  .describe(
    "Which conversations the agent sees: all, their teams' (and their channels' without a team), or only those assigned to them. Admins always see all.",
  );
export type Visibility = z.infer<typeof visibilitySchema>;

export const userSchema = z.object({
  id: z.uuid(),
  email: text(),
  name: text(),
  role: roleSchema,
  availability: availabilitySchema,
  capacity: z.number().int(),
  visibility: visibilitySchema,
  avatarUrl: text().nullable(),
  disabled: z.boolean(),
  mustChangePassword: z.boolean().describe("Logged in with a temporary password that must be changed first"),
  createdAt: isoDate,
});
export type User = z.infer<typeof userSchema>;

export const agentSummarySchema = userSchema.extend({
  openConversations: z.number().int(),
});
export type AgentSummary = z.infer<typeof agentSummarySchema>;

const password = text().min(10, "Use at least 10 characters").max(200);
const email = z
  .email()
  .max(200)
  .transform((e) => e.toLowerCase());
const name = text().trim().min(1).max(100);

export const loginBody = z.object({ email, password: text().min(1).max(200) });
export const setupBody = z.object({ name, email, password });
export const setupStatusSchema = z.object({ needsSetup: z.boolean(), demo: z.boolean() });

export const createAgentBody = z.object({
  name,
  email,
  role: roleSchema.default("agent"),
  capacity: z.number().int().min(1).max(200).default(10),
  password: password.optional().describe("Leave out to generate a one-time password shown once"),
});
export const createAgentResult = z.object({
  agent: userSchema,
  temporaryPassword: text().nullable(),
});
export const updateAgentBody = z
  .object({
    name: name.optional(),
    role: roleSchema.optional(),
    capacity: z.number().int().min(1).max(200).optional(),
    visibility: visibilitySchema.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "Nothing to update");

export const updateMeBody = z
  .object({
    name: name.optional(),
    avatarUrl: z.url().max(500).regex(NO_NUL).nullable().optional(),
    availability: availabilitySchema.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "Nothing to update");

export const changePasswordBody = z.object({
  currentPassword: text().min(1).max(200),
  newPassword: password,
});
export const resetPasswordResult = z.object({
  temporaryPassword: text().describe("Shown once; the agent must change it at their next login"),
});

export const setAvailabilityBody = z.object({ availability: availabilitySchema });
export const meSchema = z.object({ user: userSchema });
