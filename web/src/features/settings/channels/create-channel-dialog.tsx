import { ChevronRight } from "lucide-react";
import { useState } from "react";
import { useLocation } from "wouter";
import { ChannelIcon, channelLabel } from "@/components/channel-icon";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { CHANNEL_TYPES, type ChannelType, isProviderType } from "@/lib/types";
import { ProviderCreateForm } from "./provider-create-form";
import { WebchatCreateForm } from "./webchat-create-form";

const blurbs: Record<ChannelType, string> = {
  webchat: "A chat widget on your website",
  whatsapp: "WhatsApp Business Cloud API",
  telegram: "A Telegram bot",
  instagram: "Instagram direct messages",
  x: "X (Twitter) direct messages",
};

function TypePicker({ onPick }: { onPick: (t: ChannelType) => void }) {
  return (
    <ul className="grid gap-1.5">
      {CHANNEL_TYPES.map((t) => (
        <li key={t}>
          <button
            type="button"
            onClick={() => onPick(t)}
            data-testid={`channel-type-${t}`}
            className="flex w-full items-center gap-3 rounded-lg border px-3 py-2.5 text-left outline-none transition-colors hover:bg-accent/60 focus-visible:ring-2 focus-visible:ring-ring/50"
          >
            <span className="flex size-9 items-center justify-center rounded-lg bg-secondary">
              <ChannelIcon type={t} className="size-[18px]" />
            </span>
            <span className="min-w-0 flex-1">
              <span className="block text-[13px] font-medium">{channelLabel(t)}</span>
              <span className="block text-xs text-muted-foreground">{blurbs[t]}</span>
            </span>
            <ChevronRight className="size-4 text-muted-foreground" />
          </button>
        </li>
      ))}
    </ul>
  );
}

export function CreateChannelDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const [, navigate] = useLocation();
  const [type, setType] = useState<ChannelType | null>(null);

  const close = (o: boolean) => {
    onOpenChange(o);
    if (!o) setType(null);
  };
  const onCreated = (c: { id: string }) => {
    close(false);
    navigate(`/settings/channels/${c.id}`);
  };
  const back = () => setType(null);

  const title = type ? `New ${channelLabel(type)} channel` : "New channel";
  const description = !type
    ? "Where do your customers write from?"
    : type === "webchat"
      ? "Add a chat widget to your website."
      : "Paste the credentials from the provider's console, or try it in the sandbox.";
  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent title={title} description={description} className="max-w-lg">
        {!type ? <TypePicker onPick={setType} /> : null}
        {type === "webchat" ? <WebchatCreateForm onCreated={onCreated} onBack={back} /> : null}
        {type && isProviderType(type) ? (
          <ProviderCreateForm key={type} type={type} onCreated={onCreated} onBack={back} />
        ) : null}
      </DialogContent>
    </Dialog>
  );
}
