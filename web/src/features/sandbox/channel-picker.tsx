import { CircleAlert, Plus } from "lucide-react";
import { toast } from "sonner";
import { ChannelIcon, channelLabel } from "@/components/channel-icon";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { useCreateChannel } from "@/features/settings/channels/queries";
import { errorMessage } from "@/lib/api";
import { PROVIDER_TYPES, type ProviderType } from "@/lib/types";
import { cn } from "@/lib/utils";

export interface SandboxChannel {
  id: string;
  type: ProviderType;
  name: string;
  /** Listed, not hidden: the admin must learn that it needs its credentials again. */
  credentialsUnreadable: boolean;
}

/** Admins: one click creates a sandbox channel of a type. */
export function CreateSandboxButtons({ onCreated }: { onCreated: (id: string) => void }) {
  const create = useCreateChannel();
  const make = (type: ProviderType) =>
    create.mutate(
      { type, name: `${channelLabel(type)} sandbox`, sandbox: true },
      {
        onSuccess: (res) => {
          toast.success(`${channelLabel(type)} sandbox channel created`);
          onCreated(res.channel.id);
        },
        onError: (err) => toast.error(`Couldn't create it: ${errorMessage(err)}`),
      },
    );
  return (
    <div className="flex flex-wrap gap-2">
      {PROVIDER_TYPES.map((t) => (
        <Button
          key={t}
          variant="outline"
          size="sm"
          onClick={() => make(t)}
          disabled={create.isPending}
          data-testid={`create-sandbox-${t}`}
        >
          {create.isPending && create.variables?.type === t ? <Spinner /> : <Plus />}
          <ChannelIcon type={t} className="size-3.5" />
          {channelLabel(t)}
        </Button>
      ))}
    </div>
  );
}

export function ChannelPicker({
  channels,
  value,
  onChange,
}: {
  channels: SandboxChannel[];
  value: string | null;
  onChange: (id: string) => void;
}) {
  return (
    <fieldset className="flex min-w-0 flex-wrap gap-1.5">
      <legend className="sr-only">Sandbox channel</legend>
      {channels.map((c) => {
        const on = c.id === value;
        return (
          <button
            key={c.id}
            type="button"
            aria-pressed={on}
            onClick={() => onChange(c.id)}
            data-testid="sandbox-channel"
            data-channel-type={c.type}
            data-unreadable={c.credentialsUnreadable || undefined}
            title={c.credentialsUnreadable ? `${c.name}: credentials unreadable, enter them again` : c.name}
            className={cn(
              "flex h-8 max-w-64 items-center gap-1.5 rounded-full border px-3 text-[13px] font-medium outline-none transition-colors focus-visible:ring-2 focus-visible:ring-ring/50",
              on
                ? "border-primary bg-primary/10 text-foreground"
                : "text-muted-foreground hover:bg-accent hover:text-foreground",
              c.credentialsUnreadable && "border-red-500/50",
            )}
          >
            <ChannelIcon type={c.type} className="size-3.5 shrink-0" />
            <span className="truncate">{c.name}</span>
            {c.credentialsUnreadable ? (
              <CircleAlert
                className="size-3.5 shrink-0 text-red-600 dark:text-red-400"
                aria-label="credentials unreadable"
              />
            ) : null}
          </button>
        );
      })}
    </fieldset>
  );
}
