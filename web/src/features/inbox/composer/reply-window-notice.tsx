import { formatDistanceToNowStrict } from "date-fns";
import { Clock, Lock } from "lucide-react";
import type { ReplyWindow } from "@/lib/types";

const SOON = 2 * 60 * 60_000;

/** Tells the agent when the channel no longer accepts (or will soon stop accepting) free-form replies. */
export function ReplyWindowNotice({ window: rw }: { window: ReplyWindow | null }) {
  if (!rw || rw.rule === "none") return null;
  if (!rw.open) {
    return (
      <p
        data-testid="reply-window-closed"
        className="flex items-center gap-1.5 px-3 pt-2 text-[12px] text-amber-800 dark:text-amber-300"
      >
        <Lock className="size-3.5 shrink-0" />
        The reply window is closed.{" "}
        {rw.templatesOnly
          ? "Only approved templates can be sent;"
          : "Replies can't be delivered until the customer writes again;"}{" "}
        private notes still work.
      </p>
    );
  }
  const left = rw.closesAt ? new Date(rw.closesAt).getTime() - Date.now() : Number.POSITIVE_INFINITY;
  if (left > SOON) return null;
  return (
    <p className="flex items-center gap-1.5 px-3 pt-2 text-[12px] text-muted-foreground">
      <Clock className="size-3.5 shrink-0" />
      Reply window closes in {formatDistanceToNowStrict(new Date(rw.closesAt!))}.
    </p>
  );
}
