import { z } from "zod";
import { availabilitySchema } from "./agents";
import { isoDate, text } from "./common";
import { conversationSchema } from "./inbox";

/** Teams: GET|POST /api/teams, PATCH|DELETE /api/teams/:id (admins write; agents read). */
export const teamSchema = z.object({
  id: z.uuid(),
  name: text(),
  description: text(),
  members: z.array(
    z.object({ id: z.uuid(), name: text(), availability: availabilitySchema, openAssigned: z.number().int() }),
  ),
  channelIds: z.array(z.uuid()).describe("The channels this team serves"),
  waiting: z.number().int().describe("Conversations of this team waiting for a person"),
  createdAt: isoDate,
});
export type Team = z.infer<typeof teamSchema>;
export const teamList = z.object({ items: z.array(teamSchema) });

export const createTeamBody = z.object({
  name: text().trim().min(1, "Give the team a name").max(80),
  description: text().trim().max(500).default(""),
  memberIds: z.array(z.uuid()).max(500).default([]),
  channelIds: z.array(z.uuid()).max(200).default([]),
});
export const updateTeamBody = createTeamBody.partial();

/** The routing queue (the Waiting view): GET /api/routing/queue. Priority first, then longest waiting. */
export const queueEntrySchema = z.object({
  conversation: conversationSchema,
  position: z.number().int().min(1),
  waitingSeconds: z.number().int().min(0),
});
export const routingQueue = z.object({
  items: z.array(queueEntrySchema),
  total: z.number().int(),
  eligibleAgents: z.number().int().describe("Agents online and under capacity right now"),
});
export type RoutingQueue = z.infer<typeof routingQueue>;

/**
 * POST /api/conversations/:id/take (the caller becomes the assignee, handler human),
 * POST /api/conversations/:id/hand-back (back to the AI: handler ai, unassigned),
 * POST /api/conversations/:id/transfer (to an agent, or to a team's queue). Each writes a system event.
 */
export const transferBody = z
  .object({
    assigneeId: z.uuid().optional(),
    teamId: z.uuid().nullable().optional(),
    note: text().max(1000).optional(),
  })
  .refine((b) => b.assigneeId !== undefined || b.teamId !== undefined, "Choose an agent or a team");
export type TransferBody = z.infer<typeof transferBody>;
