import type { TicketView } from "@switchboard/contracts";
import { ticketViewBody } from "@switchboard/contracts";
import { and, asc, eq, or } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../platform/db/client";
import { notFound } from "../../platform/errors";
import { ticketViews } from "./schema";

type Row = typeof ticketViews.$inferSelect;
const toView = (r: Row, me: string): TicketView => ({
  id: r.id,
  name: r.name,
  shared: r.shared,
  filters: r.filters,
  sort: r.sort as TicketView["sort"],
  ownerId: r.ownerId,
  mine: r.ownerId === me,
  createdAt: r.createdAt.toISOString(),
});

/** The caller's own views and everyone's shared ones, by name. */
export async function listTicketViews(db: Db, me: string): Promise<{ items: TicketView[] }> {
  const rows = await db
    .select()
    .from(ticketViews)
    .where(or(eq(ticketViews.ownerId, me), eq(ticketViews.shared, true)))
    .orderBy(asc(ticketViews.name), asc(ticketViews.id));
  return { items: rows.map((r) => toView(r, me)) };
}

export async function createTicketView(db: Db, me: string, body: z.infer<typeof ticketViewBody>): Promise<TicketView> {
  const [row] = await db
    .insert(ticketViews)
    .values({ ...body, filters: body.filters as Record<string, string>, ownerId: me })
    .returning();
  return toView(row!, me);
}

/** Its owner deletes a view; an admin may also delete a shared one. Anything else is not found. */
export async function deleteTicketView(db: Db, me: string, role: string, id: string): Promise<void> {
  const mayDelete =
    role === "admin" ? or(eq(ticketViews.ownerId, me), eq(ticketViews.shared, true)) : eq(ticketViews.ownerId, me);
  const gone = await db
    .delete(ticketViews)
    .where(and(eq(ticketViews.id, id), mayDelete))
    .returning({ id: ticketViews.id });
  if (!gone.length) throw notFound("View");
}
