import type { Article } from "@switchboard/contracts";
import { Eye, Pencil, Trash2 } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ErrorState } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage } from "@/lib/api";
import { shortRelative } from "@/lib/time";
import { cn } from "@/lib/utils";
import { articleProblem, changedFields, isDirty, parseTags } from "./editor-state";
import { MarkdownPreview } from "./markdown";
import { type ArticleFields, useArticle, useDeleteArticle, useSaveArticle } from "./queries";

const fieldsOf = (a: Article | null): ArticleFields =>
  a
    ? { title: a.title, body: a.body, tags: a.tags, status: a.status }
    : { title: "", body: "", tags: [], status: "draft" };

export function ArticleEditorLoader({
  id,
  canEdit,
  onSaved,
  onDeleted,
  initialTitle,
}: EditorProps & { id: string | null; initialTitle?: string }) {
  const article = useArticle(id);
  if (id && article.isPending)
    return (
      <div className="flex flex-col gap-3 p-6">
        <Skeleton className="h-8 w-2/3" />
        <Skeleton className="h-4 w-1/3" />
        <Skeleton className="h-64 w-full" />
      </div>
    );
  if (id && article.isError)
    return (
      <ErrorState error={article.error} title="Couldn't load the article" onRetry={() => void article.refetch()} />
    );
  return (
    <ArticleEditor
      key={id ?? `new:${initialTitle ?? ""}`}
      article={article.data ?? null}
      initialTitle={id ? undefined : initialTitle}
      canEdit={canEdit}
      onSaved={onSaved}
      onDeleted={onDeleted}
    />
  );
}

interface EditorProps {
  canEdit: boolean;
  onSaved: (id: string) => void;
  onDeleted: () => void;
}

export function ArticleEditor({
  article,
  canEdit,
  onSaved,
  onDeleted,
  initialTitle,
}: EditorProps & { article: Article | null; initialTitle?: string }) {
  const saved = useMemo(() => fieldsOf(article), [article]);
  // A new article may start titled (the dashboard's "Write an article" for an unanswered question).
  const [draft, setDraft] = useState<ArticleFields>(() =>
    !article && initialTitle ? { ...saved, title: initialTitle } : saved,
  );
  const [tagText, setTagText] = useState(saved.tags.join(", "));
  const [mode, setMode] = useState<"write" | "preview">(article && !canEdit ? "preview" : "write");
  const [confirmDelete, setConfirmDelete] = useState(false);
  const save = useSaveArticle();
  const del = useDeleteArticle();
  const current = { ...draft, tags: parseTags(tagText) };
  const dirty = isDirty(article ? saved : null, current) && (article !== null || current.title.trim() !== "");
  const problem = articleProblem(current);

  const submit = () => {
    if (!canEdit || problem || !dirty || save.isPending) return;
    save.mutate(
      { id: article?.id ?? null, patch: changedFields(article ? saved : null, current) },
      {
        onSuccess: (a) => {
          toast.success(article ? "Article saved" : "Article created");
          onSaved(a.id);
        },
        onError: (err) => toast.error(errorMessage(err)),
      },
    );
  };

  // Ctrl/⌘+S saves, as in every editor.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === "s") {
        e.preventDefault();
        submit();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  return (
    <form
      className="flex h-full min-h-0 flex-col"
      aria-label={article ? "Edit article" : "New article"}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="flex flex-wrap items-center gap-2 border-b px-5 py-2.5">
        <Badge variant={draft.status === "published" ? "success" : "warning"}>
          {draft.status === "published" ? "Published" : "Draft"}
        </Badge>
        {article ? (
          <span className="text-[12px] text-muted-foreground">
            {article.chunkCount} {article.chunkCount === 1 ? "chunk" : "chunks"} · {article.language} · edited{" "}
            {shortRelative(article.updatedAt)}
            {article.updatedBy ? ` by ${article.updatedBy.name}` : ""}
          </span>
        ) : (
          <span className="text-[12px] text-muted-foreground">New article</span>
        )}
        <div className="ml-auto flex items-center gap-2">
          {canEdit ? (
            <div className="flex items-center gap-2 text-[13px]">
              <Switch
                id="article-published"
                checked={draft.status === "published"}
                onCheckedChange={(on) => setDraft({ ...draft, status: on ? "published" : "draft" })}
              />
              <label htmlFor="article-published">Published</label>
            </div>
          ) : null}
          {canEdit && article ? (
            <Button
              type="button"
              variant="ghost"
              size="icon-sm"
              aria-label="Delete article"
              onClick={() => setConfirmDelete(true)}
            >
              <Trash2 />
            </Button>
          ) : null}
          {canEdit ? (
            <Button
              type="submit"
              size="sm"
              disabled={!dirty || !!problem || save.isPending}
              title={problem ?? "Save (Ctrl+S)"}
            >
              {save.isPending ? <Spinner /> : null}
              {article ? "Save" : "Create"}
            </Button>
          ) : null}
        </div>
      </div>
      <div className="scrollbar-thin flex min-h-0 flex-1 flex-col gap-3 overflow-y-auto px-5 py-4">
        <Input
          aria-label="Title"
          placeholder="Article title, e.g. Refund policy"
          value={draft.title}
          readOnly={!canEdit}
          onChange={(e) => setDraft({ ...draft, title: e.target.value })}
          className="h-10 text-[16px] font-semibold"
          maxLength={300}
        />
        <Input
          aria-label="Tags"
          placeholder="Tags, separated by commas (billing, returns)"
          value={tagText}
          readOnly={!canEdit}
          onChange={(e) => setTagText(e.target.value)}
        />
        <div className="flex items-center gap-1" role="tablist" aria-label="Body view">
          {(["write", "preview"] as const).map((m) => (
            <button
              key={m}
              type="button"
              role="tab"
              aria-selected={mode === m}
              onClick={() => setMode(m)}
              className={cn(
                "flex items-center gap-1.5 rounded-md px-2.5 py-1 text-[12px] font-medium",
                mode === m ? "bg-secondary text-foreground" : "text-muted-foreground hover:bg-accent",
              )}
            >
              {m === "write" ? <Pencil className="size-3.5" /> : <Eye className="size-3.5" />}
              {m === "write" ? "Write" : "Preview"}
            </button>
          ))}
          <span className="ml-auto text-[11px] text-muted-foreground">
            Markdown · ## headings split the article into chunks
          </span>
        </div>
        {mode === "write" ? (
          <Textarea
            aria-label="Body (Markdown)"
            placeholder={
              "Write the answer the way you would tell a customer.\n\n## Use headings for each topic\nShort paragraphs retrieve best."
            }
            value={draft.body}
            readOnly={!canEdit}
            onChange={(e) => setDraft({ ...draft, body: e.target.value })}
            className="min-h-[360px] flex-1 font-mono text-[13px] leading-relaxed"
          />
        ) : (
          <div className="min-h-[360px] rounded-md border px-4 py-3">
            {draft.body.trim() ? (
              <MarkdownPreview source={draft.body} />
            ) : (
              <p className="text-[13px] text-muted-foreground">Nothing to preview yet.</p>
            )}
          </div>
        )}
        {problem && draft.title !== "" ? <p className="text-[12px] text-destructive">{problem}</p> : null}
      </div>
      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title="Delete this article?"
        description="The AI stops using it at once. This cannot be undone."
        confirmLabel="Delete"
        destructive
        pending={del.isPending}
        onConfirm={() =>
          article &&
          del.mutate(article.id, {
            onSuccess: () => {
              setConfirmDelete(false);
              toast.success("Article deleted");
              onDeleted();
            },
            onError: (err) => toast.error(errorMessage(err)),
          })
        }
      />
    </form>
  );
}
