import { Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { useMe } from "@/features/auth/queries";
import { errorMessage } from "@/lib/api";
import type { ContactDetail } from "@/lib/types";
import { contactName } from "@/lib/utils";
import { ConfirmDialog } from "./confirm-dialog";
import { useDeleteContact } from "./queries";

/** Admins only: deletes the person with every conversation (the confirmation says how many). */
export function DeleteContactSection({ contact, onDeleted }: { contact: ContactDetail; onDeleted?: () => void }) {
  const me = useMe();
  const del = useDeleteContact();
  const [open, setOpen] = useState(false);
  if (me.role !== "admin") return null;
  const n = contact.conversations.length;
  const name = contactName(contact);
  return (
    <section className="border-t px-4 py-3.5">
      <div className="flex items-center justify-between gap-2">
        <span className="text-[12px] text-muted-foreground">Erase this person and their history</span>
        <Button
          variant="outline"
          size="sm"
          className="text-destructive hover:text-destructive"
          onClick={() => setOpen(true)}
          data-testid="delete-contact"
        >
          <Trash2 /> Delete contact
        </Button>
      </div>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        testId="delete-contact-dialog"
        title={`Delete ${name}?`}
        description={
          n === 0
            ? "The contact and their channel identities are deleted. This cannot be undone."
            : `The contact and ${n === 1 ? "their conversation" : `all ${n}${n === 50 ? "+" : ""} of their conversations`} (messages and files) are deleted. This cannot be undone.`
        }
        confirmLabel="Delete contact"
        pending={del.isPending}
        onConfirm={() =>
          del.mutate(contact.id, {
            onSuccess: (r) => {
              setOpen(false);
              toast.success(
                r.deletedConversations
                  ? `Deleted ${name} and ${r.deletedConversations} conversation${r.deletedConversations === 1 ? "" : "s"}`
                  : `Deleted ${name}`,
              );
              onDeleted?.();
            },
            onError: (err) => toast.error(`Couldn't delete the contact: ${errorMessage(err)}`),
          })
        }
      />
    </section>
  );
}
