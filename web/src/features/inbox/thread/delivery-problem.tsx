import { CircleAlert, Copy, RefreshCw, RotateCw } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/api";
import type { Message } from "@/lib/types";
import { useRetryMessage } from "../queries";

/**
 * Under an outgoing message the provider refused: the reason in words (not only a tooltip) and a
 * Retry button; while the server retries by itself, which attempt failed.
 */
export function DeliveryProblem({ message: m }: { message: Message }) {
  const retry = useRetryMessage();
  if (m.status === "queued" && m.error) {
    return (
      <p
        data-testid="delivery-retrying"
        className="flex max-w-full items-start gap-1.5 px-0.5 text-[11.5px] text-amber-700 dark:text-amber-400"
      >
        <RefreshCw className="mt-0.5 size-3 shrink-0 animate-spin [animation-duration:2s]" />
        <span>
          {m.error.message || "Delivery failed; retrying."}
          {m.error.code ? <span className="ml-1 font-mono opacity-80">({m.error.code})</span> : null}
        </span>
      </p>
    );
  }
  if (m.metadata.possibleDuplicate === true && m.status !== "failed") {
    return (
      <p
        data-testid="delivery-possible-duplicate"
        className="flex max-w-md items-start gap-1.5 px-0.5 text-[11.5px] text-amber-700 dark:text-amber-400"
      >
        <Copy className="mt-0.5 size-3 shrink-0" />
        <span>
          May have been sent twice: sending was interrupted, and this channel can't tell us whether the first attempt
          arrived, so it was sent again.
        </span>
      </p>
    );
  }
  if (m.status !== "failed") return null;
  const run = () =>
    retry.mutate(m, {
      onSuccess: () => toast.success("Sending again…"),
      onError: (err) => toast.error(`Couldn't retry: ${errorMessage(err)}`),
    });
  return (
    <div
      role="alert"
      data-testid="delivery-failed"
      className="flex max-w-md items-start gap-2 rounded-lg border border-red-500/30 bg-red-500/[0.06] px-2.5 py-1.5 text-[12px] text-red-700 dark:text-red-300"
    >
      <CircleAlert className="mt-0.5 size-3.5 shrink-0" />
      <span className="min-w-0 flex-1">
        <span className="font-medium">Not delivered</span>
        {m.error?.code ? (
          <span data-testid="delivery-error-code" className="ml-1 font-mono text-[11px]">
            {m.error.code}
          </span>
        ) : null}
        <span data-testid="delivery-error-message" className="block text-red-700/90 dark:text-red-300/90">
          {m.error?.message ?? "The provider didn't accept this message."}
        </span>
      </span>
      <Button
        variant="outline"
        size="sm"
        className="h-6 shrink-0 border-red-500/40 px-2 text-red-700 hover:bg-red-500/10 dark:text-red-300"
        onClick={run}
        disabled={retry.isPending}
        data-testid="retry-message"
      >
        {retry.isPending ? <Spinner className="size-3" /> : <RotateCw className="size-3" />} Retry
      </Button>
    </div>
  );
}
