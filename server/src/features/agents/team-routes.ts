import { createTeamBody, idParams, teamList, teamSchema, updateTeamBody } from "@switchboard/contracts";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { defineRoute } from "../../platform/http/route";
import { recordAudit, requestActor } from "../audit";
import { createTeam, deleteTeam, listTeams, type TeamLoad, translateTeamError, updateTeam } from "./teams";

export interface TeamRouteDeps {
  openConversationsByAssignee: (db: Db) => Promise<Map<string, number>>;
  waitingByTeam: (db: Db) => Promise<Map<string, number>>;
}

const diff = (before: string[], after: string[] | undefined) =>
  after === undefined
    ? undefined
    : { added: after.filter((x) => !before.includes(x)), removed: before.filter((x) => !after.includes(x)) };

/** Teams: agents read them (who serves what, who is around); admins shape them. */
export function teamRoutes(ctx: AppContext, deps: TeamRouteDeps) {
  const load = async (): Promise<TeamLoad> => ({
    openByAssignee: await deps.openConversationsByAssignee(ctx.db),
    waitingByTeam: await deps.waitingByTeam(ctx.db),
  });
  const one = async (id: string) => (await listTeams(ctx.db, await load(), [id]))[0]!;
  // Membership and channels decide who may take what: routing drains its queue again.
  const changed = (teamId: string) => ctx.bus.emit("routing.changed", { cause: "team", teamId });

  return [
    defineRoute({
      method: "get",
      path: "/api/teams",
      guard: "agent",
      summary: "Teams with their members (availability and load), channels served and waiting count",
      tags: ["teams"],
      response: teamList,
      handler: async () => ({ items: await listTeams(ctx.db, await load()) }),
    }),
    defineRoute({
      method: "post",
      path: "/api/teams",
      guard: "admin",
      summary: "Create a team",
      tags: ["teams"],
      body: createTeamBody,
      response: z.object({ team: teamSchema }),
      status: 201,
      handler: async ({ body, user, req }) => {
        const row = await ctx.db
          .transaction(async (tx) => {
            const t = await createTeam(tx, body);
            await recordAudit(tx, requestActor(req, user), {
              action: "team.created",
              summary: `Created team ${t.name}`,
              target: { type: "team", id: t.id },
              details: { memberIds: body.memberIds, channelIds: body.channelIds },
            });
            return t;
          })
          .catch((err) => {
            throw translateTeamError(err, body.name);
          });
        changed(row.id);
        return { team: await one(row.id) };
      },
    }),
    defineRoute({
      method: "patch",
      path: "/api/teams/:id",
      guard: "admin",
      summary: "Rename a team, or change its members or channels (lists replace the old ones)",
      tags: ["teams"],
      params: idParams,
      body: updateTeamBody,
      response: z.object({ team: teamSchema }),
      handler: async ({ params, body, user, req }) => {
        await ctx.db
          .transaction(async (tx) => {
            const { before, beforeMembers, beforeChannels } = await updateTeam(tx, params.id, body);
            const renamed = body.name !== undefined && body.name !== before.name;
            await recordAudit(tx, requestActor(req, user), {
              action: "team.updated",
              summary: renamed ? `Renamed team ${before.name} to ${body.name}` : `Changed team ${before.name}`,
              target: { type: "team", id: params.id },
              details: {
                ...(renamed ? { name: { from: before.name, to: body.name } } : {}),
                ...(body.description !== undefined && body.description !== before.description
                  ? { description: { from: before.description, to: body.description } }
                  : {}),
                ...(body.memberIds ? { members: diff(beforeMembers, body.memberIds) } : {}),
                ...(body.channelIds ? { channels: diff(beforeChannels, body.channelIds) } : {}),
              },
            });
          })
          .catch((err) => {
            throw translateTeamError(err, body.name);
          });
        changed(params.id);
        return { team: await one(params.id) };
      },
    }),
    defineRoute({
      method: "delete",
      path: "/api/teams/:id",
      guard: "admin",
      summary: "Delete a team; its conversations stay, without a team",
      tags: ["teams"],
      params: idParams,
      status: 204,
      handler: async ({ params, user, req }) => {
        await ctx.db.transaction(async (tx) => {
          const row = await deleteTeam(tx, params.id);
          await recordAudit(tx, requestActor(req, user), {
            action: "team.deleted",
            summary: `Deleted team ${row.name}`,
            target: { type: "team", id: row.id },
          });
        });
        changed(params.id);
      },
    }),
  ];
}
