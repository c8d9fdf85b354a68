import { Ellipsis, Ticket, Trash2 } from "lucide-react";
import { lazy, Suspense, useState } from "react";
import { toast } from "sonner";
import { useLocation } from "wouter";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { useMe } from "@/features/auth/queries";
import { errorMessage } from "@/lib/api";
import type { Conversation } from "@/lib/types";
import { contactName } from "@/lib/utils";
import { ConfirmDialog } from "./confirm-dialog";
import { useDeleteConversation } from "./queries";

// Loaded when first opened: the inbox's first screen does not carry the tickets feature.
const CreateTicketDialog = lazy(() =>
  import("@/features/tickets/create-ticket-dialog").then((m) => ({ default: m.CreateTicketDialog })),
);

/**
 * The thread's "More" menu. Everyone: Create ticket (prefilled from the thread by the server).
 * Admins: Delete conversation (confirmed; messages and files go too).
 */
export function ConversationMenu({ conversation: c }: { conversation: Conversation }) {
  const me = useMe();
  const [, navigate] = useLocation();
  const del = useDeleteConversation();
  const [confirming, setConfirming] = useState(false);
  const [ticketing, setTicketing] = useState(false);
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon-sm" aria-label="More actions" data-testid="thread-menu">
            <Ellipsis />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuItem onSelect={() => setTicketing(true)} data-testid="create-ticket-from-conversation">
            <Ticket /> Create ticket
          </DropdownMenuItem>
          {me.role === "admin" ? (
            <DropdownMenuItem
              className="text-destructive focus:text-destructive"
              onSelect={() => setConfirming(true)}
              data-testid="delete-conversation"
            >
              <Trash2 /> Delete conversation
            </DropdownMenuItem>
          ) : null}
        </DropdownMenuContent>
      </DropdownMenu>
      {ticketing ? (
        <Suspense fallback={null}>
          <CreateTicketDialog conversationId={c.id} onClose={() => setTicketing(false)} />
        </Suspense>
      ) : null}
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        testId="delete-conversation-dialog"
        title="Delete this conversation?"
        description={`Every message and file of this conversation with ${contactName(c.contact)} is deleted for everyone. The contact stays. This cannot be undone.`}
        confirmLabel="Delete conversation"
        pending={del.isPending}
        onConfirm={() =>
          del.mutate(c.id, {
            onSuccess: () => {
              setConfirming(false);
              toast.success("Conversation deleted");
              navigate("/inbox", { replace: true });
            },
            onError: (err) => toast.error(`Couldn't delete the conversation: ${errorMessage(err)}`),
          })
        }
      />
    </>
  );
}
