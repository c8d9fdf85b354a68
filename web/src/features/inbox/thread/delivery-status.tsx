import { Check, CheckCheck, CircleAlert, Clock, RefreshCw } from "lucide-react";
import { Tooltip } from "@/components/ui/tooltip";
import type { Message } from "@/lib/types";
import { cn } from "@/lib/utils";

const labels = { queued: "Sending", sent: "Sent", delivered: "Delivered", read: "Read", failed: "Failed" } as const;

export function DeliveryStatus({
  message,
  className,
}: {
  message: Pick<Message, "status" | "error">;
  className?: string;
}) {
  const { status } = message;
  if (status === "failed") {
    return (
      <Tooltip content={message.error?.message ?? "Not delivered"}>
        <button
          type="button"
          data-testid="delivery-status"
          data-status="failed"
          aria-label={`Failed: ${message.error?.message ?? "not delivered"}`}
          className="inline-flex items-center gap-0.5 rounded text-red-600 outline-none focus-visible:ring-2 focus-visible:ring-ring/50 dark:text-red-400"
        >
          <CircleAlert className="size-3.5" />
          <span className="text-[11px] font-medium">Failed</span>
        </button>
      </Tooltip>
    );
  }
  if (status === "queued" && message.error) {
    return (
      <span
        data-testid="delivery-status"
        data-status="retrying"
        role="img"
        aria-label="Retrying"
        title="Retrying"
        className={cn("inline-flex text-amber-600 dark:text-amber-400", className)}
      >
        <RefreshCw className="size-3" />
      </span>
    );
  }
  const Icon = status === "queued" ? Clock : status === "sent" ? Check : CheckCheck;
  return (
    <span
      data-testid="delivery-status"
      data-status={status}
      role="img"
      aria-label={labels[status]}
      title={labels[status]}
      className={cn("inline-flex", status === "read" ? "text-sky-500" : "text-muted-foreground", className)}
    >
      <Icon className={cn(status === "queued" ? "size-3" : "size-3.5")} />
    </span>
  );
}
