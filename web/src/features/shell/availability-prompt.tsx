import { X } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { AvailabilityDot } from "@/components/availability-dot";
import { Button } from "@/components/ui/button";
import { useUpdateMe } from "@/features/agents/queries";
import { useMe } from "@/features/auth/queries";
import { errorMessage } from "@/lib/api";

const KEY = "sb.availability-prompt";

/**
 * Offers to go online when the console opens (after login, or a new tab) while the agent is not:
 * a new admin otherwise starts Offline without knowing, and the widget tells visitors no one is
 * there. Non-blocking, once per browser tab session: "Not now" is remembered until the tab closes.
 */
export function AvailabilityPrompt() {
  const me = useMe();
  const update = useUpdateMe();
  const [dismissed, setDismissed] = useState(() => sessionStorage.getItem(KEY) === me.id);
  if (dismissed || me.availability === "online") return null;
  const dismiss = () => {
    sessionStorage.setItem(KEY, me.id);
    setDismissed(true);
  };
  const goOnline = () =>
    update.mutate(
      { availability: "online" },
      {
        onSuccess: () => {
          dismiss();
          toast.success("You're online: new conversations can reach you");
        },
        onError: (err) => toast.error(`Couldn't go online: ${errorMessage(err)}`),
      },
    );
  return (
    <section
      role="status"
      aria-label="Availability"
      data-testid="availability-prompt"
      className="absolute bottom-12 left-3 z-40 flex w-[290px] flex-col gap-2.5 rounded-xl border bg-popover p-3.5 text-popover-foreground shadow-lg"
    >
      <div className="flex items-start gap-2.5">
        <AvailabilityDot value={me.availability} className="mt-1.5 size-2.5" />
        <div className="min-w-0 flex-1">
          <p className="text-[13px] font-semibold">You're {me.availability === "away" ? "away" : "offline"}</p>
          <p className="mt-0.5 text-[12px] leading-snug text-muted-foreground">
            Visitors on your website are told no one is around, and asked to leave a message.
          </p>
        </div>
        <Button variant="ghost" size="icon-sm" className="-mt-1 -mr-1" aria-label="Dismiss" onClick={dismiss}>
          <X />
        </Button>
      </div>
      <div className="flex justify-end gap-2">
        <Button variant="ghost" size="sm" onClick={dismiss} data-testid="availability-prompt-later">
          Not now
        </Button>
        <Button size="sm" onClick={goOnline} disabled={update.isPending} data-testid="availability-prompt-online">
          Go online
        </Button>
      </div>
    </section>
  );
}
