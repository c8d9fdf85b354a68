import type { Priority } from "@switchboard/contracts";
import { useState } from "react";
import { toast } from "sonner";
import { useLocation } from "wouter";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { priorityLabel } from "@/features/inbox/labels";
import { errorMessage } from "@/lib/api";
import { PRIORITIES } from "@/lib/types";
import { useCreateTicket } from "./queries";

export const selectCls = "h-8 w-full rounded-md border bg-background px-2 text-[13px] dark:bg-input/20";

/**
 * A new ticket. From a conversation (`conversationId`) subject and description may stay empty: the
 * server fills them from the thread and the AI's summary, and the requester is the conversation's contact.
 */
export function CreateTicketDialog({ conversationId, onClose }: { conversationId?: string; onClose: () => void }) {
  const [, navigate] = useLocation();
  const [subject, setSubject] = useState("");
  const [description, setDescription] = useState("");
  const [priority, setPriority] = useState<Priority>("normal");
  const create = useCreateTicket();
  const valid = !!conversationId || subject.trim().length > 0;

  const submit = async () => {
    try {
      const t = await create.mutateAsync({
        ...(subject.trim() ? { subject: subject.trim() } : {}),
        ...(description.trim() ? { description } : {}),
        priority,
        ...(conversationId ? { conversationIds: [conversationId] } : {}),
      });
      toast.success(`Ticket #${t.number} created`);
      onClose();
      navigate(`/tickets/${t.id}`);
    } catch (err) {
      toast.error(errorMessage(err));
    }
  };

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent
        title="New ticket"
        description={
          conversationId ? "Leave subject or description empty to fill them from the conversation." : undefined
        }
      >
        <div className="space-y-3 text-[13px]">
          <label htmlFor="ticket-subject" className="block space-y-1">
            <span className="font-medium">Subject</span>
            <Input
              id="ticket-subject"
              value={subject}
              maxLength={200}
              placeholder={conversationId ? "From the conversation" : "What needs doing"}
              onChange={(e) => setSubject(e.target.value)}
              data-testid="ticket-subject"
            />
          </label>
          <label htmlFor="ticket-description" className="block space-y-1">
            <span className="font-medium">Description (Markdown)</span>
            <Textarea
              id="ticket-description"
              rows={5}
              value={description}
              placeholder={conversationId ? "The last messages of the conversation" : ""}
              onChange={(e) => setDescription(e.target.value)}
            />
          </label>
          <label htmlFor="ticket-priority" className="block space-y-1">
            <span className="font-medium">Priority</span>
            <select
              id="ticket-priority"
              className={selectCls}
              value={priority}
              onChange={(e) => setPriority(e.target.value as Priority)}
            >
              {[...PRIORITIES].reverse().map((p) => (
                <option key={p} value={p}>
                  {priorityLabel[p]}
                </option>
              ))}
            </select>
          </label>
        </div>
        <DialogFooter>
          <Button variant="outline" onClick={onClose}>
            Cancel
          </Button>
          <Button disabled={!valid || create.isPending} onClick={() => void submit()} data-testid="create-ticket">
            Create ticket
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
