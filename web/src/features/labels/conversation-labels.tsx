import { Tag } from "lucide-react";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { useInbox } from "@/features/inbox/inbox-context";
import { errorMessage } from "@/lib/api";
import type { Conversation } from "@/lib/types";
import { LabelChip } from "./label-chip";
import { LabelPicker } from "./label-picker";
import { useConversationLabel } from "./queries";

/** The thread's labels: chips (each removable) and the picker, which the `l` key opens. */
export function ConversationLabels({ conversation: c, meId }: { conversation: Conversation; meId: string }) {
  const [open, setOpen] = useState(false);
  const { commands } = useInbox();
  const mutate = useConversationLabel(meId).mutate;
  useEffect(() => {
    commands.current.openLabels = () => setOpen(true);
    return () => {
      commands.current.openLabels = undefined;
    };
  }, [commands]);
  const toggle = (labelId: string, on: boolean) =>
    mutate(
      { id: c.id, labelId, on },
      { onError: (err) => toast.error(`Couldn't change the labels: ${errorMessage(err)}`) },
    );
  const labels = c.labels ?? [];
  return (
    <div className="flex min-w-0 items-center gap-1" data-testid="thread-labels">
      <div className="hidden min-w-0 items-center gap-1 overflow-hidden xl:flex">
        {labels.slice(0, 3).map((l) => (
          <LabelChip key={l.id} label={l} onRemove={() => toggle(l.id, false)} />
        ))}
        {labels.length > 3 ? <span className="text-[11px] text-muted-foreground">+{labels.length - 3}</span> : null}
      </div>
      <LabelPicker applied={labels} onToggle={(l, on) => toggle(l.id, on)} open={open} onOpenChange={setOpen}>
        <Button variant="ghost" size="icon-sm" aria-label="Labels (L)" data-testid="label-picker" className="relative">
          <Tag />
          {labels.length ? (
            <span className="absolute -top-0.5 -right-0.5 flex size-3.5 items-center justify-center rounded-full bg-primary text-[9px] font-semibold text-primary-foreground xl:hidden">
              {labels.length}
            </span>
          ) : null}
        </Button>
      </LabelPicker>
    </div>
  );
}
