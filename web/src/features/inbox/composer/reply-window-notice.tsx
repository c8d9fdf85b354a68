import { Clock, Lock } from "lucide-react";
import { fullTime } from "@/lib/time";
import type { ReplyWindow } from "@/lib/types";
import { cn } from "@/lib/utils";
import { formatLeft, SOON_MS } from "./reply-window";

/**
 * The channel's customer-service window above the composer: a countdown while free-form replies are
 * allowed (amber in the last two hours), a clear notice once they are not.
 */
export function ReplyWindowNotice({ window: rw, now }: { window: ReplyWindow | null; now: number }) {
  if (!rw) return null;
  if (!rw.open) {
    return (
      <p
        role="status"
        data-testid="reply-window-closed"
        className="flex items-start gap-1.5 px-3 pt-2 text-[12px] text-amber-800 dark:text-amber-300"
      >
        <Lock className="mt-px size-3.5 shrink-0" />
        <span>
          <span className="font-medium">The reply window is closed.</span>{" "}
          {rw.templatesOnly
            ? "More than 24 hours have passed since the customer last wrote: send an approved template to restart the conversation."
            : "Replies can't be delivered until the customer writes again."}{" "}
          Private notes still work.
        </span>
      </p>
    );
  }
  if (!rw.closesAt) return null;
  const left = new Date(rw.closesAt).getTime() - now;
  const soon = left < SOON_MS;
  return (
    <p
      data-testid="reply-window-countdown"
      data-soon={soon || undefined}
      title={`Free-form replies are allowed until ${fullTime(rw.closesAt)}`}
      className={cn(
        "flex items-center gap-1.5 px-3 pt-2 text-[12px]",
        soon ? "font-medium text-amber-700 dark:text-amber-400" : "text-muted-foreground",
      )}
    >
      <Clock className="size-3.5 shrink-0" />
      {formatLeft(left)} left to reply freely
      {rw.templatesOnly ? <span className="font-normal text-muted-foreground">· then templates only</span> : null}
    </p>
  );
}
