import type { Team } from "@switchboard/contracts";
import { Pencil, Plus, Timer, Trash2, UsersRound } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { AvailabilityDot, availabilityLabel } from "@/components/availability-dot";
import { ChannelIcon } from "@/components/channel-icon";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState, ErrorState } from "@/components/states";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Tooltip } from "@/components/ui/tooltip";
import { useAgents } from "@/features/agents/queries";
import { useMe } from "@/features/auth/queries";
import { useChannelOptions } from "@/features/inbox/list/use-channel-options";
import { PageBody, PageHeader } from "@/features/settings/page-header";
import { errorMessage } from "@/lib/api";
import type { ChannelType } from "@/lib/types";
import { useTeamMutations, useTeams } from "./queries";
import { TeamDialog } from "./team-dialog";
import { useRoutingEvents } from "./use-routing-events";

function TeamCard({
  team: t,
  channelName,
  capacityOf,
  admin,
  onEdit,
  onDelete,
}: {
  team: Team;
  channelName: (id: string) => { name: string; type?: ChannelType };
  capacityOf: (id: string) => number | undefined;
  admin: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const online = t.members.filter((m) => m.availability === "online").length;
  return (
    <section data-testid="team-card" className="rounded-lg border bg-card">
      <header className="flex items-start gap-3 border-b px-4 py-3">
        <div className="min-w-0 flex-1">
          <h3 className="flex items-center gap-2 text-[14px] font-semibold">
            <span className="truncate">{t.name}</span>
            {t.waiting > 0 ? (
              <Badge variant="warning" data-testid="team-waiting">
                <Timer /> {t.waiting} waiting
              </Badge>
            ) : (
              <Badge variant="outline">Nobody waiting</Badge>
            )}
          </h3>
          {t.description ? <p className="mt-0.5 text-[13px] text-muted-foreground">{t.description}</p> : null}
          <p className="mt-1 text-xs text-muted-foreground">
            {t.members.length} {t.members.length === 1 ? "member" : "members"} · {online} online
          </p>
        </div>
        {admin ? (
          <div className="flex shrink-0 gap-1">
            <Button variant="ghost" size="sm" onClick={onEdit} aria-label={`Edit ${t.name}`}>
              <Pencil /> Edit
            </Button>
            <Tooltip content="Delete team">
              <Button
                variant="ghost"
                size="icon-sm"
                onClick={onDelete}
                aria-label={`Delete ${t.name}`}
                className="text-muted-foreground hover:text-destructive"
              >
                <Trash2 />
              </Button>
            </Tooltip>
          </div>
        ) : null}
      </header>
      <div className="grid gap-4 px-4 py-3 md:grid-cols-[1fr_14rem]">
        <div>
          <p className="mb-1.5 text-[11px] font-semibold tracking-wide text-muted-foreground uppercase">Members</p>
          {t.members.length === 0 ? (
            <p className="text-[13px] text-muted-foreground">No members yet.</p>
          ) : (
            <ul className="grid gap-x-6 gap-y-1 xl:grid-cols-2">
              {t.members.map((m) => {
                const cap = capacityOf(m.id);
                return (
                  <li key={m.id} className="flex min-w-0 items-center gap-2 text-[13px]" data-testid="team-member">
                    <span className="relative">
                      <Avatar name={m.name} seed={m.id} size="xs" />
                      <AvailabilityDot value={m.availability} className="absolute -right-0.5 -bottom-0.5 size-1.5" />
                    </span>
                    <span className="min-w-0 flex-1 truncate" title={availabilityLabel[m.availability]}>
                      {m.name}
                    </span>
                    <span className="shrink-0 text-xs text-muted-foreground tabular-nums" title="Open conversations">
                      {m.openAssigned}
                      {cap !== undefined ? `/${cap}` : ""} open
                    </span>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
        <div>
          <p className="mb-1.5 text-[11px] font-semibold tracking-wide text-muted-foreground uppercase">
            Channels served
          </p>
          {t.channelIds.length === 0 ? (
            <p className="text-[13px] text-muted-foreground">None: only transfers reach this team.</p>
          ) : (
            <ul className="flex flex-col gap-1">
              {t.channelIds.map((id) => {
                const ch = channelName(id);
                return (
                  <li key={id} className="flex min-w-0 items-center gap-1.5 text-[13px]">
                    {ch.type ? <ChannelIcon type={ch.type} className="size-3.5 shrink-0" /> : null}
                    <span className="truncate">{ch.name}</span>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}

/** Settings → Teams: who serves which channels. Admins edit; agents see the same page read-only. */
export function TeamsPage() {
  const me = useMe();
  const admin = me.role === "admin";
  const teams = useTeams();
  const agents = useAgents();
  const channels = useChannelOptions();
  const { remove } = useTeamMutations();
  const [editing, setEditing] = useState<Team | null>(null);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Team | null>(null);
  useRoutingEvents();

  const channelName = (id: string) => {
    const c = channels.find((x) => x.id === id);
    return c ? { name: c.name, type: c.type } : { name: "A channel" };
  };
  const capacityOf = (id: string) => agents.data?.find((a) => a.id === id)?.capacity;

  return (
    <PageBody wide>
      <PageHeader
        title="Teams"
        description={
          admin
            ? "Group agents and choose the channels each team serves. Routing sends a team's conversations to its least busy online member."
            : "Who serves which channels. Ask an admin to change a team."
        }
        actions={
          admin ? (
            <Button onClick={() => setCreating(true)} data-testid="add-team">
              <Plus /> New team
            </Button>
          ) : null
        }
      />
      {teams.isPending ? (
        <div className="flex flex-col gap-3" aria-busy="true">
          {[0, 1].map((i) => (
            <Skeleton key={i} className="h-32 w-full" />
          ))}
        </div>
      ) : teams.isError ? (
        <div className="rounded-lg border bg-card">
          <ErrorState error={teams.error} onRetry={() => void teams.refetch()} title="Couldn't load the teams" />
        </div>
      ) : teams.data.length === 0 ? (
        <div className="rounded-lg border bg-card">
          <EmptyState
            icon={<UsersRound />}
            title="No teams yet"
            description={
              admin
                ? "Without teams, every agent can take every conversation. Create one to route a channel to a group."
                : "Every agent can take every conversation."
            }
            action={
              admin ? (
                <Button size="sm" onClick={() => setCreating(true)}>
                  <Plus /> New team
                </Button>
              ) : null
            }
          />
        </div>
      ) : (
        <div className="flex flex-col gap-3">
          {teams.data.map((t) => (
            <TeamCard
              key={t.id}
              team={t}
              admin={admin}
              channelName={channelName}
              capacityOf={capacityOf}
              onEdit={() => setEditing(t)}
              onDelete={() => setDeleting(t)}
            />
          ))}
        </div>
      )}
      <TeamDialog
        open={creating || editing !== null}
        team={editing}
        channels={channels}
        onClose={() => {
          setCreating(false);
          setEditing(null);
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete team ${deleting?.name ?? ""}?`}
        description="Its conversations stay where they are, without a team; the members stay agents. Waiting conversations of this team can then be taken by anyone."
        confirmLabel="Delete team"
        destructive
        pending={remove.isPending}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              toast.success(`Team ${deleting.name} deleted`);
              setDeleting(null);
            },
            onError: (err) => toast.error(`Couldn't delete the team: ${errorMessage(err)}`),
          })
        }
      />
    </PageBody>
  );
}
