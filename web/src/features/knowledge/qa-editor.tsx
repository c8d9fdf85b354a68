import type { QaPair } from "@switchboard/contracts";
import { Trash2 } from "lucide-react";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage } from "@/lib/api";
import { changedFields, isDirty, parseLines, parseTags, qaProblem } from "./editor-state";
import { type QaFields, useDeleteQa, useSaveQa } from "./queries";

export function QaEditor({ pair, canEdit, onDone }: { pair: QaPair | null; canEdit: boolean; onDone: () => void }) {
  const saved = useMemo<QaFields | null>(
    () =>
      pair
        ? {
            question: pair.question,
            answer: pair.answer,
            alternatives: pair.alternatives,
            tags: pair.tags,
            status: pair.status,
          }
        : null,
    [pair],
  );
  const [question, setQuestion] = useState(pair?.question ?? "");
  const [answer, setAnswer] = useState(pair?.answer ?? "");
  const [alts, setAlts] = useState(pair?.alternatives.join("\n") ?? "");
  const [tags, setTags] = useState(pair?.tags.join(", ") ?? "");
  const [published, setPublished] = useState((pair?.status ?? "published") === "published");
  const [confirmDelete, setConfirmDelete] = useState(false);
  const save = useSaveQa();
  const del = useDeleteQa();
  const current: QaFields = {
    question: question.trim(),
    answer: answer.trim(),
    alternatives: parseLines(alts),
    tags: parseTags(tags),
    status: published ? "published" : "draft",
  };
  const problem = qaProblem(current);
  const dirty = isDirty(saved, current);

  return (
    <form
      className="flex flex-col gap-3 p-5"
      aria-label={pair ? "Edit Q&A pair" : "New Q&A pair"}
      onSubmit={(e) => {
        e.preventDefault();
        if (problem || !dirty) return;
        save.mutate(
          { id: pair?.id ?? null, patch: changedFields(saved, current) },
          {
            onSuccess: () => {
              toast.success(pair ? "Q&A saved" : "Q&A created");
              onDone();
            },
            onError: (err) => toast.error(errorMessage(err)),
          },
        );
      }}
    >
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="qa-question">Question</Label>
        <Input
          id="qa-question"
          value={question}
          readOnly={!canEdit}
          onChange={(e) => setQuestion(e.target.value)}
          placeholder="Can I change my delivery address?"
        />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="qa-alts">Other ways to ask (one per line, optional)</Label>
        <Textarea
          id="qa-alts"
          value={alts}
          readOnly={!canEdit}
          onChange={(e) => setAlts(e.target.value)}
          rows={2}
          placeholder="I moved, where will my parcel go?"
        />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="qa-answer">Answer</Label>
        <Textarea
          id="qa-answer"
          value={answer}
          readOnly={!canEdit}
          onChange={(e) => setAnswer(e.target.value)}
          rows={5}
        />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="qa-tags">Tags</Label>
        <Input
          id="qa-tags"
          value={tags}
          readOnly={!canEdit}
          onChange={(e) => setTags(e.target.value)}
          placeholder="shipping, orders"
        />
      </div>
      {canEdit ? (
        <div className="flex items-center gap-2 pt-1">
          <div className="flex items-center gap-2 text-[13px]">
            <Switch id="qa-published" checked={published} onCheckedChange={setPublished} />
            <label htmlFor="qa-published">Published</label>
          </div>
          {pair ? (
            <Button
              type="button"
              variant="ghost"
              size="icon-sm"
              aria-label="Delete Q&A pair"
              onClick={() => setConfirmDelete(true)}
            >
              <Trash2 />
            </Button>
          ) : null}
          <Button type="button" variant="outline" size="sm" className="ml-auto" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" size="sm" disabled={!!problem || !dirty || save.isPending} title={problem ?? undefined}>
            {save.isPending ? <Spinner /> : null}
            {pair ? "Save" : "Create"}
          </Button>
        </div>
      ) : null}
      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title="Delete this Q&A pair?"
        description="The AI stops using it at once."
        confirmLabel="Delete"
        destructive
        pending={del.isPending}
        onConfirm={() =>
          pair &&
          del.mutate(pair.id, {
            onSuccess: () => {
              setConfirmDelete(false);
              toast.success("Q&A deleted");
              onDone();
            },
          })
        }
      />
    </form>
  );
}
