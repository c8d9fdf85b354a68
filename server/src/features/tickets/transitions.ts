import type { TicketStatus } from "@switchboard/contracts";
import { AppError } from "../../platform/errors";

/**
 * The status workflow (issue 10 §1), decided here:
 * - `new` is only where a ticket starts: once it moved on, nothing goes back to it;
 * - `closed` comes only after `solved` (solved is the team's "done", closed the record's end);
 * - `closed` is final: nothing on a closed ticket changes, except that an admin may reopen it
 *   (closed -> open), for the rare ticket closed by mistake;
 * - solved may be reopened by anyone (open, pending, on hold): the customer came back.
 * Everything else among new, open, pending, on hold and solved is allowed.
 */
export function checkTransition(from: TicketStatus, to: TicketStatus, role: "admin" | "agent" | "ai"): void {
  if (from === to) return;
  if (from === "closed") {
    if (to === "open" && role === "admin") return;
    throw new AppError(
      "invalid_transition",
      to === "open" ? "Only an admin can reopen a closed ticket" : "A closed ticket can only be reopened (to open)",
    );
  }
  if (to === "new") throw new AppError("invalid_transition", "A ticket cannot go back to new");
  if (to === "closed" && from !== "solved")
    throw new AppError("invalid_transition", "Only a solved ticket can be closed");
}

/** solved_at / closed_at after a status change: set on entering, cleared when the ticket is reopened. */
export function statusTimes(
  to: TicketStatus,
  was: { solvedAt: Date | null; closedAt: Date | null },
  now: Date,
): { solvedAt: Date | null; closedAt: Date | null } {
  if (to === "solved") return { solvedAt: was.solvedAt ?? now, closedAt: null };
  if (to === "closed") return { solvedAt: was.solvedAt ?? now, closedAt: was.closedAt ?? now };
  return { solvedAt: null, closedAt: null };
}
