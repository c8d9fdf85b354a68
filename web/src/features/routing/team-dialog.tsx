import type { Team } from "@switchboard/contracts";
import { Check } from "lucide-react";
import { type FormEvent, type ReactNode, useEffect, useState } from "react";
import { toast } from "sonner";
import { AvailabilityDot } from "@/components/availability-dot";
import { ChannelIcon } from "@/components/channel-icon";
import { Field } from "@/components/field";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { useAgents } from "@/features/agents/queries";
import type { ChannelOption } from "@/features/inbox/list/use-channel-options";
import { ApiError, errorMessage, type FieldErrors } from "@/lib/api";
import { cn } from "@/lib/utils";
import { useTeamMutations } from "./queries";

function toggle(list: string[], id: string) {
  return list.includes(id) ? list.filter((x) => x !== id) : [...list, id];
}

/** A checkbox list (members, channels): the whole row toggles; the count sits in the label. */
function PickList({
  id,
  items,
  selected,
  onChange,
  empty,
}: {
  id: string;
  items: { id: string; label: string; icon: ReactNode; hint?: string }[];
  selected: string[];
  onChange: (ids: string[]) => void;
  empty: string;
}) {
  if (items.length === 0) return <p className="text-xs text-muted-foreground">{empty}</p>;
  return (
    <fieldset id={id} className="scrollbar-thin max-h-40 overflow-y-auto rounded-md border p-1">
      {items.map((it) => {
        const on = selected.includes(it.id);
        return (
          <button
            key={it.id}
            type="button"
            aria-pressed={on}
            data-testid={`${id}-option`}
            onClick={() => onChange(toggle(selected, it.id))}
            className="flex w-full items-center gap-2 rounded px-2 py-1.5 text-left text-[13px] outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring/50"
          >
            <span
              className={cn(
                "flex size-4 shrink-0 items-center justify-center rounded border",
                on ? "border-primary bg-primary text-primary-foreground" : "border-muted-foreground/40",
              )}
            >
              {on ? <Check className="size-3" strokeWidth={3} /> : null}
            </span>
            {it.icon}
            <span className="min-w-0 flex-1 truncate">{it.label}</span>
            {it.hint ? <span className="shrink-0 text-[11.5px] text-muted-foreground">{it.hint}</span> : null}
          </button>
        );
      })}
    </fieldset>
  );
}

/** Create (team null) or edit a team: name, description, members, the channels it serves. */
export function TeamDialog({
  open,
  team,
  channels,
  onClose,
}: {
  open: boolean;
  team: Team | null;
  channels: ChannelOption[];
  onClose: () => void;
}) {
  const { create, update } = useTeamMutations();
  const agents = useAgents();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [memberIds, setMemberIds] = useState<string[]>([]);
  const [channelIds, setChannelIds] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});

  useEffect(() => {
    if (!open) return;
    setName(team?.name ?? "");
    setDescription(team?.description ?? "");
    setMemberIds(team?.members.map((m) => m.id) ?? []);
    setChannelIds(team?.channelIds ?? []);
    setErrors({});
  }, [open, team]);

  const pending = create.isPending || update.isPending;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = { name: name.trim(), description: description.trim(), memberIds, channelIds };
    const handlers = {
      onSuccess: () => {
        toast.success(team ? "Team saved" : `Team ${body.name} created`);
        onClose();
      },
      onError: (err: unknown) => {
        if (err instanceof ApiError && Object.keys(err.fieldErrors).length) setErrors(err.fieldErrors);
        else toast.error(errorMessage(err));
      },
    };
    if (team) update.mutate({ id: team.id, body }, handlers);
    else create.mutate(body, handlers);
  };

  const agentItems = (agents.data ?? [])
    .filter((a) => !a.disabled)
    .map((a) => ({
      id: a.id,
      label: a.name,
      hint: `${a.openConversations}/${a.capacity}`,
      icon: (
        <span className="relative">
          <Avatar name={a.name} src={a.avatarUrl} seed={a.id} size="xs" />
          <AvailabilityDot value={a.availability} className="absolute -right-0.5 -bottom-0.5 size-1.5" />
        </span>
      ),
    }));
  const channelItems = channels.map((c) => ({
    id: c.id,
    label: c.name,
    icon: <ChannelIcon type={c.type} className="size-3.5 shrink-0" />,
  }));

  return (
    <Dialog open={open} onOpenChange={(o) => !o && onClose()}>
      <DialogContent
        title={team ? `Edit ${team.name}` : "New team"}
        description="Conversations on the team's channels go to its members, the least busy online one first."
        className="max-w-lg"
        data-testid="team-dialog"
      >
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <Field id="team-name" label="Name" errors={errors.name}>
            <Input
              id="team-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              maxLength={80}
              autoFocus
              placeholder="Billing"
              aria-invalid={errors.name ? true : undefined}
            />
          </Field>
          <Field id="team-description" label="Description" errors={errors.description}>
            <Textarea
              id="team-description"
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              rows={2}
              maxLength={500}
              placeholder="What this team answers"
            />
          </Field>
          <Field id="team-members" label={`Members (${memberIds.length})`} errors={errors.memberIds}>
            <PickList
              id="team-members"
              items={agentItems}
              selected={memberIds}
              onChange={setMemberIds}
              empty="No agents yet: add them in Settings → Agents."
            />
          </Field>
          <Field
            id="team-channels"
            label={`Channels served (${channelIds.length})`}
            hint="New conversations on these channels belong to this team."
            errors={errors.channelIds}
          >
            <PickList
              id="team-channels"
              items={channelItems}
              selected={channelIds}
              onChange={setChannelIds}
              empty="No channels connected yet."
            />
          </Field>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending || !name.trim()} data-testid="team-save">
              {pending ? <Spinner /> : null}
              {team ? "Save" : "Create team"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
