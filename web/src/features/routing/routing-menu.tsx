import { ArrowRightLeft, Bot, Hand } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuShortcut,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Kbd } from "@/components/ui/kbd";
import { Spinner } from "@/components/ui/spinner";
import { Tooltip } from "@/components/ui/tooltip";
import { useHotkeys } from "@/features/shortcuts/use-hotkeys";
import { errorMessage } from "@/lib/api";
import type { Conversation } from "@/lib/types";
import { handlerState } from "./handler-badge";
import { useRoutingActions } from "./queries";
import { TransferDialog } from "./transfer-dialog";

/**
 * Who handles the conversation: Take (you answer it now), Hand back to the AI, Transfer to an
 * agent or a team. A waiting conversation shows Take as a button of its own: it is what the agent
 * opened it for. Shortcuts: T take, H hand back, F transfer (while the thread is open).
 */
export function RoutingMenu({
  conversation: c,
  meId,
  compact,
}: {
  conversation: Conversation;
  meId: string;
  compact?: boolean;
}) {
  const { take, handBack } = useRoutingActions(meId);
  const [transferring, setTransferring] = useState(false);
  const state = handlerState(c);
  const mine = c.assignee?.id === meId && c.handler !== "ai";
  const canTake = !mine;
  const canHandBack = c.handler !== "ai";

  const doTake = () => {
    if (!canTake || take.isPending) return;
    take.mutate(c.id, {
      onSuccess: () => toast.success("You're handling this conversation"),
      onError: (err) => toast.error(`Couldn't take it: ${errorMessage(err)}`),
    });
  };
  const doHandBack = () => {
    if (!canHandBack || handBack.isPending) return;
    handBack.mutate(c.id, {
      onSuccess: () => toast.success("Handed back to the AI agent"),
      onError: (err) => toast.error(`Couldn't hand it back: ${errorMessage(err)}`),
    });
  };
  useHotkeys({ t: doTake, h: doHandBack, f: () => setTransferring(true) });

  return (
    <>
      {/* Narrow headers keep Take in the menu (and on T): the contact's name comes first. */}
      {!compact && (state === "waiting" || state === "ai") ? (
        <Tooltip
          content={
            <span className="flex items-center gap-1.5">
              Take this conversation <Kbd className="h-4 border-0 bg-background/20 text-background">T</Kbd>
            </span>
          }
        >
          <Button
            size="sm"
            variant="outline"
            className="h-7"
            onClick={doTake}
            disabled={take.isPending}
            aria-label="Take"
            data-testid="take-button"
          >
            {take.isPending ? <Spinner className="size-3.5" /> : <Hand />}
            Take
          </Button>
        </Tooltip>
      ) : null}
      <DropdownMenu>
        <Tooltip content="Take, hand back, transfer">
          <DropdownMenuTrigger asChild>
            <Button variant="ghost" size="icon-sm" aria-label="Routing" data-testid="routing-menu">
              <ArrowRightLeft />
            </Button>
          </DropdownMenuTrigger>
        </Tooltip>
        <DropdownMenuContent align="end" className="w-60">
          <DropdownMenuLabel>Who handles this</DropdownMenuLabel>
          <DropdownMenuItem disabled={!canTake} onSelect={doTake} data-testid="routing-take">
            <Hand /> Take <DropdownMenuShortcut>T</DropdownMenuShortcut>
          </DropdownMenuItem>
          <DropdownMenuItem disabled={!canHandBack} onSelect={doHandBack} data-testid="routing-hand-back">
            <Bot /> Hand back to AI <DropdownMenuShortcut>H</DropdownMenuShortcut>
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setTransferring(true)} data-testid="routing-transfer">
            <ArrowRightLeft /> Transfer… <DropdownMenuShortcut>F</DropdownMenuShortcut>
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <TransferDialog conversation={c} meId={meId} open={transferring} onOpenChange={setTransferring} />
    </>
  );
}
