import type { AiMessageFeedback, ConversationAi } from "@switchboard/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Flag, Undo2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { Tooltip } from "@/components/ui/tooltip";
import { api, errorMessage } from "@/lib/api";
import { cn } from "@/lib/utils";

// The AI review's own query key (the shared qk table belongs to the inbox and settings).
export const conversationAiKey = (conversationId: string) => ["conversation-ai", conversationId] as const;

/** The AI's side of the open conversation: one request per thread, shared by every AI message in it. */
export function useConversationAi(conversationId: string, enabled = true) {
  return useQuery({
    queryKey: conversationAiKey(conversationId),
    queryFn: ({ signal }) => api<ConversationAi>(`/api/conversations/${conversationId}/ai`, { signal }),
    enabled,
    staleTime: 30_000,
  });
}

function useSetFeedback(conversationId: string, messageId: string) {
  const qc = useQueryClient();
  const patch = (next: AiMessageFeedback | null) =>
    qc.setQueryData<ConversationAi>(conversationAiKey(conversationId), (old) =>
      old
        ? {
            ...old,
            feedback: [...old.feedback.filter((f) => f.messageId !== messageId), ...(next ? [next] : [])],
          }
        : old,
    );
  const mark = useMutation({
    mutationFn: (note: string) =>
      api<AiMessageFeedback>(`/api/ai/messages/${messageId}/feedback`, { method: "POST", body: { note } }),
    onSuccess: (fb) => patch(fb),
    onError: (err) => toast.error(`Couldn't mark the answer wrong: ${errorMessage(err)}`),
  });
  const withdraw = useMutation({
    mutationFn: () => api<void>(`/api/ai/messages/${messageId}/feedback`, { method: "DELETE" }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: conversationAiKey(conversationId) }),
    onError: (err) => toast.error(`Couldn't undo: ${errorMessage(err)}`),
  });
  return { mark, withdraw };
}

/**
 * "Mark wrong" on an AI answer (with an optional note for whoever improves the knowledge base), and
 * the marked state: who marked it, their notes, and undo for your own.
 */
export function AiFeedback({
  conversationId,
  messageId,
  feedback,
}: {
  conversationId: string;
  messageId: string;
  feedback: AiMessageFeedback | undefined;
}) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState("");
  const { mark, withdraw } = useSetFeedback(conversationId, messageId);
  const wrong = feedback?.wrong ?? [];
  const mine = feedback?.mine ?? null;
  const others = mine ? wrong.filter((w) => w.user.id !== mine.user.id) : wrong;

  const marked =
    wrong.length > 0 ? (
      <Tooltip
        content={
          <span className="flex flex-col gap-0.5">
            {wrong.map((w) => (
              <span key={`${w.user.id}-${w.createdAt}`}>
                {w.user.name ?? "Someone"}
                {w.note ? `: ${w.note}` : ""}
              </span>
            ))}
          </span>
        }
      >
        <button
          type="button"
          data-testid="ai-marked-wrong"
          className="inline-flex items-center gap-1 rounded bg-red-100 px-1.5 py-0.5 text-[11px] font-medium text-red-700 dark:bg-red-500/15 dark:text-red-300"
        >
          <Flag className="size-3" />
          {mine ? (others.length ? `Marked wrong by you and ${others.length} more` : "Marked wrong by you") : null}
          {!mine
            ? `Marked wrong by ${wrong.length === 1 ? (wrong[0]!.user.name ?? "an agent") : `${wrong.length} agents`}`
            : null}
        </button>
      </Tooltip>
    ) : null;

  return (
    <span className="inline-flex items-center gap-1.5">
      {marked}
      {mine ? (
        <Button
          variant="ghost"
          size="sm"
          className="h-6 px-1.5 text-[11px] text-muted-foreground"
          disabled={withdraw.isPending}
          onClick={() => withdraw.mutate()}
        >
          {withdraw.isPending ? <Spinner className="size-3" /> : <Undo2 className="size-3" />} Undo
        </Button>
      ) : (
        <Popover
          open={open}
          onOpenChange={(o) => {
            setOpen(o);
            if (o) setNote("");
          }}
        >
          <PopoverTrigger asChild>
            <Button
              variant="ghost"
              size="sm"
              className={cn("h-6 px-1.5 text-[11px] text-muted-foreground hover:text-red-600")}
            >
              <Flag className="size-3" /> Mark wrong
            </Button>
          </PopoverTrigger>
          <PopoverContent align="end" className="w-72">
            <form
              className="flex flex-col gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                mark.mutate(note.trim(), { onSuccess: () => setOpen(false) });
              }}
            >
              <p className="text-[13px] font-medium">Mark this AI answer wrong</p>
              <p className="text-[12px] text-muted-foreground">
                It counts in the AI report. Say what was wrong so the knowledge base can be fixed (optional).
              </p>
              <Textarea
                aria-label="What was wrong"
                placeholder="e.g. Refunds take 10 days now, not 5"
                maxLength={1000}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                autoFocus
              />
              <div className="flex justify-end gap-2">
                <Button variant="ghost" size="sm" onClick={() => setOpen(false)}>
                  Cancel
                </Button>
                <Button type="submit" size="sm" variant="destructive" disabled={mark.isPending}>
                  {mark.isPending ? <Spinner className="size-3" /> : <Flag className="size-3" />} Mark wrong
                </Button>
              </div>
            </form>
          </PopoverContent>
        </Popover>
      )}
    </span>
  );
}
