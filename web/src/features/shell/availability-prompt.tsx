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
      className="flex shrink-0 items-center gap-3 border-b bg-amber-50 px-4 py-2 text-[13px] text-amber-950 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <AvailabilityDot value={me.availability} className="size-2.5 shrink-0" />
      <p className="min-w-0 flex-1 truncate">
        <span className="font-semibold">You're {me.availability === "away" ? "away" : "offline"}.</span>{" "}
        <span className="text-amber-900/80 dark:text-amber-100/80">
          Visitors on your website are told no one is around, and asked to leave a message.
        </span>
      </p>
      <Button
        size="sm"
        className="h-7"
        onClick={goOnline}
        disabled={update.isPending}
        data-testid="availability-prompt-online"
      >
        Go online
      </Button>
      <Button
        variant="ghost"
        size="sm"
        className="h-7 hover:bg-amber-100 dark:hover:bg-amber-900/40"
        onClick={dismiss}
        data-testid="availability-prompt-later"
      >
        Not now
      </Button>
    </section>
  );
}
