import type { Call } from "@switchboard/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Phone } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Link, useLocation } from "wouter";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { useFlows } from "@/features/flows/queries";
import { api, errorMessage } from "@/lib/api";

const selectClass =
  "h-8 min-w-0 flex-1 rounded-md border border-input bg-background px-2 text-[13px] shadow-xs outline-none focus-visible:ring-2 focus-visible:ring-ring/30 dark:bg-input/20";

/**
 * "Call" on a contact's profile: one call through Twilio with the chosen flow (POST /api/calls), then
 * its live call page. Without Twilio configured the call ends failed with that reason, which the call
 * page shows; the sandbox link is there for trying a flow without a phone line.
 */
export function CallContact({ contactId, phone }: { contactId: string; phone: string | null }) {
  const flows = useFlows();
  const qc = useQueryClient();
  const [flowId, setFlowId] = useState("");
  const [, navigate] = useLocation();
  const start = useMutation({
    mutationFn: () => api<Call>("/api/calls", { method: "POST", body: { contactId, flowId: flowId || null } }),
    onSuccess: (call) => {
      void qc.invalidateQueries({ queryKey: ["calls"] });
      toast.success("Call queued");
      navigate(`/calls/${call.id}`);
    },
    onError: (err) => toast.error(errorMessage(err)),
  });
  if (!phone)
    return (
      <p className="text-[12px] text-muted-foreground" data-testid="call-contact-no-phone">
        Add a phone number to call this contact.
      </p>
    );
  return (
    <div className="flex flex-col gap-1.5" data-testid="call-contact">
      <div className="flex items-center gap-2">
        <select
          aria-label="Conversation flow"
          className={selectClass}
          value={flowId}
          onChange={(e) => setFlowId(e.target.value)}
          disabled={flows.isPending}
        >
          <option value="">Default flow</option>
          {(flows.data?.items ?? []).map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
        <Button size="sm" variant="outline" onClick={() => start.mutate()} disabled={start.isPending}>
          {start.isPending ? <Spinner /> : <Phone />} Call
        </Button>
      </div>
      <span className="text-[11.5px] text-muted-foreground">
        Dials {phone} through Twilio.{" "}
        <Link href="/sandbox/call" className="underline underline-offset-2">
          Try a flow in the sandbox
        </Link>{" "}
        without a phone line.
      </span>
    </div>
  );
}
