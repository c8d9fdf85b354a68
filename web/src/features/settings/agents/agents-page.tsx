import { Pencil, UserPlus, Users } from "lucide-react";
import { useState } from "react";
import { AvailabilityDot, availabilityLabel } from "@/components/availability-dot";
import { EmptyState, ErrorState } from "@/components/states";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useAgents } from "@/features/agents/queries";
import { useMe } from "@/features/auth/queries";
import type { AgentSummary } from "@/lib/types";
import { cn } from "@/lib/utils";
import { PageBody, PageHeader } from "../page-header";
import { AddAgentDialog } from "./add-agent-dialog";
import { EditAgentDialog } from "./edit-agent-dialog";

function LoadBar({ open, capacity }: { open: number; capacity: number }) {
  const ratio = capacity > 0 ? Math.min(1, open / capacity) : 0;
  return (
    <div className="flex items-center gap-2">
      <div className="h-1.5 w-16 overflow-hidden rounded-full bg-secondary">
        <div
          className={cn(
            "h-full rounded-full",
            ratio >= 1 ? "bg-red-500" : ratio > 0.75 ? "bg-amber-500" : "bg-primary",
          )}
          style={{ width: `${ratio * 100}%` }}
        />
      </div>
      <span className="text-xs text-muted-foreground tabular-nums">
        {open}/{capacity}
      </span>
    </div>
  );
}

export function AgentsPage() {
  const me = useMe();
  const agents = useAgents();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<AgentSummary | null>(null);

  return (
    <PageBody wide>
      <PageHeader
        title="Agents"
        description="People who can sign in and answer conversations."
        actions={
          <Button onClick={() => setAdding(true)} data-testid="add-agent">
            <UserPlus /> Add agent
          </Button>
        }
      />
      <div className="overflow-hidden rounded-lg border bg-card">
        {agents.isPending ? (
          <div className="flex flex-col gap-3 p-4">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} className="h-9 w-full" />
            ))}
          </div>
        ) : agents.isError ? (
          <ErrorState error={agents.error} onRetry={() => void agents.refetch()} />
        ) : agents.data.length === 0 ? (
          <EmptyState icon={<Users />} title="No agents yet" />
        ) : (
          <table className="w-full text-left text-[13px]">
            <thead className="border-b bg-muted/60 text-[11px] font-semibold tracking-wide text-muted-foreground uppercase">
              <tr>
                <th className="px-4 py-2 font-semibold">Agent</th>
                <th className="px-4 py-2 font-semibold">Role</th>
                <th className="px-4 py-2 font-semibold">Availability</th>
                <th className="px-4 py-2 font-semibold">Open / capacity</th>
                <th className="px-4 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {agents.data.map((a) => (
                <tr
                  key={a.id}
                  data-testid="agent-row"
                  className={cn("border-b last:border-0", a.disabled && "opacity-60")}
                >
                  <td className="px-4 py-2.5">
                    <div className="flex items-center gap-2.5">
                      <Avatar name={a.name} src={a.avatarUrl} seed={a.id} />
                      <div className="min-w-0">
                        <p className="truncate font-medium">
                          {a.name}
                          {a.id === me.id ? <span className="font-normal text-muted-foreground"> (you)</span> : null}
                        </p>
                        <p className="truncate text-xs text-muted-foreground">{a.email}</p>
                      </div>
                    </div>
                  </td>
                  <td className="px-4 py-2.5">
                    <Badge variant={a.role === "admin" ? "info" : "secondary"} className="capitalize">
                      {a.role}
                    </Badge>
                    {a.disabled ? (
                      <Badge variant="danger" className="ml-1.5">
                        Disabled
                      </Badge>
                    ) : a.mustChangePassword ? (
                      <Badge variant="outline" className="ml-1.5" title="Signs in with a temporary password">
                        Temporary password
                      </Badge>
                    ) : null}
                  </td>
                  <td className="px-4 py-2.5">
                    <span className="inline-flex items-center gap-1.5">
                      <AvailabilityDot value={a.availability} /> {availabilityLabel[a.availability]}
                    </span>
                  </td>
                  <td className="px-4 py-2.5">
                    <LoadBar open={a.openConversations} capacity={a.capacity} />
                  </td>
                  <td className="px-4 py-2.5 text-right">
                    <Button variant="ghost" size="sm" onClick={() => setEditing(a)} aria-label={`Edit ${a.name}`}>
                      <Pencil /> Edit
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <AddAgentDialog open={adding} onOpenChange={setAdding} />
      <EditAgentDialog agent={editing} isSelf={editing?.id === me.id} onClose={() => setEditing(null)} />
    </PageBody>
  );
}
