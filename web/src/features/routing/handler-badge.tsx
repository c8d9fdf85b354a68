import { Bot, Timer, UserRound } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Tooltip } from "@/components/ui/tooltip";
import { fullTime } from "@/lib/time";
import type { Conversation } from "@/lib/types";
import { useNow } from "@/lib/use-now";
import { cn } from "@/lib/utils";
import { waitLabel, waitTone } from "./wait-time";

type HandlerView = Pick<Conversation, "handler" | "queuedAt" | "assignee" | "team">;

/** Who answers this conversation right now, in words: the AI, a person (named), or the queue. */
export function handlerState(c: HandlerView): "ai" | "waiting" | "person" | "none" {
  if (c.handler === "ai") return "ai";
  if (c.queuedAt && !c.assignee) return "waiting";
  if (c.handler === "human" && c.assignee) return "person";
  return "none";
}

/** Ticks every second (only this badge re-renders): the wait is what the agent is looking at. */
function WaitingBadge({
  since,
  team,
  className,
  compact,
}: {
  since: string;
  team: HandlerView["team"];
  className?: string;
  compact?: boolean;
}) {
  const now = useNow(1_000);
  const tone = waitTone(since, now);
  return (
    <Tooltip content={`Waiting for a person since ${fullTime(since)}${team ? ` · team ${team.name}` : ""}`}>
      <Badge
        variant={tone === "late" ? "danger" : "warning"}
        className={cn("shrink-0 tabular-nums", className)}
        data-testid="handler-badge"
        data-state="waiting"
      >
        <Timer /> {compact ? <span className="sr-only">Waiting </span> : "Waiting "}
        {waitLabel(since, now)}
        {team && !compact ? <span className="font-normal opacity-80">· {team.name}</span> : null}
      </Badge>
    </Tooltip>
  );
}

export function HandlerBadge({
  conversation: c,
  meId,
  className,
  compact,
}: {
  conversation: HandlerView;
  meId?: string;
  className?: string;
  /** Narrow headers: "AI", the wait alone; the tooltip says the rest. */
  compact?: boolean;
}) {
  const state = handlerState(c);
  if (state === "none") return null;
  if (state === "ai")
    return (
      <Tooltip content="The AI agent answers this conversation until a person takes it">
        <Badge variant="info" className={cn("shrink-0", className)} data-testid="handler-badge" data-state="ai">
          <Bot /> {compact ? "AI" : "AI agent"}
        </Badge>
      </Tooltip>
    );
  if (state === "waiting")
    return <WaitingBadge since={c.queuedAt!} team={c.team} className={className} compact={compact} />;
  const you = meId && c.assignee!.id === meId;
  return (
    <Badge variant="secondary" className={cn("shrink-0", className)} data-testid="handler-badge" data-state="person">
      <UserRound /> <span className="max-w-40 truncate">{you ? "You" : c.assignee!.name}</span>
    </Badge>
  );
}

/** The list row's small marker: "AI" while the AI answers, the wait while nobody has taken it. */
export function HandlerMarker({ conversation: c, now }: { conversation: HandlerView; now: number }) {
  const state = handlerState(c);
  if (state === "ai")
    return (
      <Badge variant="info" className="gap-0.5 px-1" data-testid="handler-marker" title="The AI agent answers">
        <Bot /> AI
      </Badge>
    );
  if (state === "waiting")
    return (
      <Badge
        variant={waitTone(c.queuedAt!, now) === "late" ? "danger" : "warning"}
        className="gap-0.5 px-1 tabular-nums"
        data-testid="handler-marker"
        title={`Waiting for a person since ${fullTime(c.queuedAt!)}`}
      >
        <Timer /> {waitLabel(c.queuedAt!, now)}
      </Badge>
    );
  return null;
}
