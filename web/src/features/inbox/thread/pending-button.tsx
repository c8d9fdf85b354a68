import { Hourglass, MessageCircleReply } from "lucide-react";
import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { Kbd } from "@/components/ui/kbd";
import { Tooltip } from "@/components/ui/tooltip";
import type { Conversation, UpdateConversationInput } from "@/lib/types";
import { useInbox } from "../inbox-context";

/**
 * "Pending" means waiting on the customer: the agent asked something and the ball is in their court.
 * The conversation leaves the Open list; the customer's next message makes it open again (server side).
 */
export function PendingButton({
  conversation: c,
  patch,
  busy,
}: {
  conversation: Pick<Conversation, "status">;
  patch: (body: UpdateConversationInput, success?: string) => void;
  busy: boolean;
}) {
  const { commands } = useInbox();
  const pending = c.status === "pending";
  const resolved = c.status === "resolved";

  useEffect(() => {
    commands.current.togglePending = resolved
      ? undefined
      : () =>
          patch(
            pending ? { status: "open" } : { status: "pending" },
            pending ? "Back to open" : "Pending: it opens again when the customer writes",
          );
    return () => {
      commands.current.togglePending = undefined;
    };
  }, [commands, patch, pending, resolved]);

  if (resolved) return null;
  const label = pending ? "Back to open" : "Mark pending (waiting on the customer)";
  return (
    <Tooltip
      content={
        <span className="flex items-center gap-1.5">
          {label} <Kbd className="h-4 border-0 bg-background/20 text-background">W</Kbd>
        </span>
      }
    >
      <Button
        variant="ghost"
        size="icon-sm"
        aria-label={label}
        aria-pressed={pending}
        data-testid="pending-button"
        disabled={busy}
        onClick={() => commands.current.togglePending?.()}
      >
        {pending ? <MessageCircleReply /> : <Hourglass />}
      </Button>
    </Tooltip>
  );
}
