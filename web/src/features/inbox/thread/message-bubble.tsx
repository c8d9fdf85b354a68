import { Bot, Lock, Sparkles } from "lucide-react";
import { memo } from "react";
import { Avatar } from "@/components/ui/avatar";
import { Tooltip } from "@/components/ui/tooltip";
import { clockTime, fullTime } from "@/lib/time";
import type { Message } from "@/lib/types";
import { cn } from "@/lib/utils";
import { AiMessageDetails } from "./ai-citations";
import { readAiMeta } from "./ai-meta";
import { Attachments } from "./attachments";
import { DeliveryProblem } from "./delivery-problem";
import { DeliveryStatus } from "./delivery-status";
import { HandoffNote } from "./handoff-note";
import { MessageBody } from "./message-body";
import { SystemEvent } from "./system-event";

interface Props {
  message: Message;
  /** First message of a run from the same sender: show avatar and name. */
  groupStart: boolean;
  /** Last message of the run: customer runs show their time once, at the end. */
  groupEnd: boolean;
  contactName: string;
}

export const MessageBubble = memo(function MessageBubble({ message: m, groupStart, groupEnd, contactName }: Props) {
  if (m.senderType === "system") return <SystemEvent message={m} />;
  const aiMeta = readAiMeta(m);
  if (aiMeta?.kind === "handoff") return <HandoffNote message={m} meta={aiMeta} />;
  const outgoing = m.senderType !== "customer";
  const isNote = m.private;
  const isAi = m.senderType === "ai";
  const name = m.sender.name ?? (m.senderType === "customer" ? contactName : isAi ? "AI agent" : "Agent");
  const pending = m.id.startsWith("temp-");
  const edited = m.metadata?.edited === true && m.metadata?.deleted !== true;
  const sentFrom = typeof m.metadata?.sentFrom === "string" ? m.metadata.sentFrom : null;

  const bubbleClass = isNote
    ? "border border-note-border bg-note text-note-foreground"
    : isAi
      ? "border border-violet-200 bg-violet-50 text-foreground dark:border-violet-500/30 dark:bg-violet-500/10"
      : outgoing
        ? "bg-bubble-agent text-bubble-agent-foreground"
        : "bg-bubble-customer text-foreground";

  return (
    <div
      data-testid="message-bubble"
      data-message-id={m.id}
      data-sender-type={m.senderType}
      data-private={isNote || undefined}
      data-kind={m.kind}
      data-status={m.direction === "outbound" ? m.status : undefined}
      className={cn(
        "group flex gap-2 px-5",
        outgoing ? "flex-row-reverse" : "flex-row",
        groupStart ? "mt-3" : "mt-0.5",
        pending && "opacity-70",
      )}
    >
      <div className="w-7 shrink-0">
        {groupStart ? (
          isAi ? (
            <span className="flex size-7 items-center justify-center rounded-full bg-violet-100 text-violet-600 dark:bg-violet-500/20 dark:text-violet-300">
              <Bot className="size-4" />
            </span>
          ) : (
            <Avatar name={name} src={m.sender.avatarUrl} seed={m.sender.id ?? name} size="sm" className="size-7" />
          )
        ) : null}
      </div>
      <div className={cn("flex max-w-[min(72%,560px)] min-w-0 flex-col gap-1", outgoing ? "items-end" : "items-start")}>
        {groupStart ? (
          <div
            className={cn(
              "flex items-center gap-1.5 px-0.5 text-[11.5px] text-muted-foreground",
              outgoing && "flex-row-reverse",
            )}
          >
            <span className="font-medium text-foreground/80">{name}</span>
            {isAi ? (
              <span className="inline-flex items-center gap-0.5 rounded bg-violet-100 px-1 text-[10px] font-semibold text-violet-700 dark:bg-violet-500/20 dark:text-violet-300">
                <Sparkles className="size-2.5" /> AI
              </span>
            ) : null}
            {isNote ? (
              <span className="inline-flex items-center gap-1 font-medium text-amber-700 dark:text-amber-400">
                <Lock className="size-3" /> Private note
              </span>
            ) : null}
          </div>
        ) : null}
        <MessageBody
          message={m}
          bubbleClass={bubbleClass}
          outgoing={outgoing}
          groupStart={groupStart}
          linkClass={
            outgoing && !isNote && !isAi
              ? "underline underline-offset-2 text-inherit"
              : "text-primary underline underline-offset-2"
          }
        />
        <Attachments items={m.attachments} align={outgoing ? "end" : "start"} />
        <div
          className={cn(
            "flex h-4 items-center gap-1 px-0.5 text-[11px] text-muted-foreground",
            outgoing && "flex-row-reverse",
            !outgoing && !groupEnd && !edited && "hidden",
          )}
        >
          <Tooltip content={fullTime(m.createdAt)}>
            <time dateTime={m.createdAt} tabIndex={-1} className="tabular-nums">
              {clockTime(m.createdAt)}
            </time>
          </Tooltip>
          {edited ? (
            <span data-testid="edited-marker" className="italic">
              edited
            </span>
          ) : null}
          {sentFrom ? (
            <span data-testid="sent-from" className="rounded bg-secondary px-1">
              Sent from {sentFrom}
            </span>
          ) : null}
          {m.direction === "outbound" && !isNote ? <DeliveryStatus message={m} /> : null}
        </div>
        {m.direction === "outbound" && !isNote ? <DeliveryProblem message={m} /> : null}
        {isAi && aiMeta ? <AiMessageDetails message={m} meta={aiMeta} /> : null}
      </div>
    </div>
  );
});
