import type { LabelRef } from "@switchboard/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { useContact } from "@/features/contacts/queries";
import { api, errorMessage } from "@/lib/api";
import { qk } from "@/lib/query-keys";
import type { ContactDetail } from "@/lib/types";
import { LabelChip } from "./label-chip";
import { LabelPicker } from "./label-picker";

/** A contact's labels (VIP, reseller…) in the contact panel: chips, each removable, and a picker. */
export function ContactLabels({ contactId }: { contactId: string }) {
  const qc = useQueryClient();
  const contact = useContact(contactId);
  const change = useMutation({
    mutationFn: ({ label, on }: { label: LabelRef; on: boolean }) =>
      on
        ? api<{ labels: LabelRef[] }>(`/api/contacts/${contactId}/labels`, {
            method: "POST",
            body: { labelId: label.id },
          })
        : api<{ labels: LabelRef[] }>(`/api/contacts/${contactId}/labels/${label.id}`, { method: "DELETE" }),
    onSuccess: ({ labels }) => {
      qc.setQueryData<ContactDetail>(qk.contact(contactId), (d) => (d ? { ...d, labels } : d));
      void qc.invalidateQueries({ queryKey: qk.labels });
    },
    onError: (err) => toast.error(`Couldn't change the contact's labels: ${errorMessage(err)}`),
  });
  if (!contact.data) return null;
  const labels = contact.data.labels ?? [];
  return (
    <section className="border-t px-4 py-3" data-testid="contact-labels">
      <div className="mb-2 flex items-center justify-between">
        <h3 className="text-[11px] font-semibold tracking-wide text-muted-foreground uppercase">Contact labels</h3>
        <LabelPicker applied={labels} onToggle={(label, on) => change.mutate({ label, on })}>
          <Button variant="ghost" size="icon-sm" aria-label="Add a label to the contact">
            <Plus />
          </Button>
        </LabelPicker>
      </div>
      {labels.length ? (
        <div className="flex flex-wrap gap-1">
          {labels.map((l) => (
            <LabelChip key={l.id} label={l} onRemove={() => change.mutate({ label: l, on: false })} />
          ))}
        </div>
      ) : (
        <p className="text-[12.5px] text-muted-foreground">None</p>
      )}
    </section>
  );
}
