import type { TicketActor } from "@switchboard/contracts";
import type { SessionUser } from "../../platform/auth/identity";

/** The actor of a console or API request: the user, or "api" when the request came with a token (named after it). */
export function ticketActor(user: Pick<SessionUser, "id" | "name" | "token">): TicketActor {
  return user.token
    ? { type: "api", id: user.id, name: `${user.name} via token ${user.token.name}` }
    : { type: "user", id: user.id, name: user.name };
}

export const AI_ACTOR: TicketActor = { type: "ai", id: null, name: "AI agent" };
