import type { Campaign } from "@switchboard/contracts";
import { Repeat } from "lucide-react";
import { toast } from "sonner";
import { useLocation } from "wouter";
import { Button } from "@/components/ui/button";
import { ApiError, errorMessage } from "@/lib/api";
import { funnel, type RetargetStep, useRetarget } from "./queries";

const stepLabels: Record<RetargetStep, string> = {
  failed: "Failed",
  delivered_not_read: "Delivered, not read",
  read_not_replied: "Read, not replied",
  not_replied: "Not replied",
};

/**
 * One click: a new draft aimed at this campaign's recipients at one funnel step, then its page (the
 * draft is reviewed and started there). The counts are this page's estimate; the server decides.
 */
export function RetargetActions({ campaign }: { campaign: Campaign }) {
  const [, navigate] = useLocation();
  const retarget = useRetarget(campaign.id);
  const c = campaign.counts;
  const f = funnel(c);
  const estimate: Record<RetargetStep, number> = {
    failed: c.failed,
    delivered_not_read: f.delivered - f.read,
    read_not_replied: f.read - f.replied,
    not_replied: f.sent - f.replied,
  };
  const run = async (step: RetargetStep) => {
    try {
      const draft = await retarget.mutateAsync(step);
      toast.success(`Draft created for ${draft.audience.contactIds.length} recipient(s)`);
      navigate(`/campaigns/${draft.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.code === "retarget_empty")
        toast.error(`No recipient is at "${stepLabels[step].toLowerCase()}" yet, so there is nobody to retarget.`);
      else toast.error(errorMessage(err));
    }
  };
  return (
    <div className="mt-3 flex flex-wrap items-center gap-1.5 border-t pt-3" data-testid="retarget-actions">
      <span className="flex w-full items-center gap-1 text-xs text-muted-foreground">
        <Repeat className="size-3.5" /> Retarget a step: a new draft for its recipients
      </span>
      {(Object.keys(stepLabels) as RetargetStep[]).map((step) => (
        <Button
          key={step}
          size="sm"
          variant="outline"
          className="h-7 px-2 text-xs"
          disabled={retarget.isPending}
          onClick={() => void run(step)}
          data-testid={`retarget-${step}`}
        >
          {stepLabels[step]} <span className="tabular-nums text-muted-foreground">{Math.max(0, estimate[step])}</span>
        </Button>
      ))}
    </div>
  );
}
