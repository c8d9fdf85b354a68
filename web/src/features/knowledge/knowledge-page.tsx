import type { KnowledgeStatus, QaPair } from "@switchboard/contracts";
import { BookOpen, FileText, FileUp, Globe, MessageCircleQuestion, Plus, Search, SearchX, Upload } from "lucide-react";
import { type ReactNode, useEffect, useMemo, useRef, useState } from "react";
import { Link, useLocation, useParams, useSearch } from "wouter";
import { EmptyState, ErrorState } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { useMeQuery } from "@/features/auth/queries";
import { useHotkeys } from "@/features/shortcuts/use-hotkeys";
import { shortRelative } from "@/lib/time";
import { cn } from "@/lib/utils";
import { ArticleEditorLoader } from "./article-editor";
import { ImportDialog } from "./import-dialog";
import { QaEditor } from "./qa-editor";
import { type KnowledgeFilter, useArticles, useQaList } from "./queries";
import { TestSearch } from "./test-search";

const selectClass =
  "h-8 rounded-md border border-input bg-background px-2 text-[13px] shadow-xs outline-none focus-visible:ring-2 focus-visible:ring-ring/30 dark:bg-input/20";

function ListSkeleton() {
  return (
    <div className="flex flex-col" aria-busy="true">
      {Array.from({ length: 7 }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
        <div key={i} className="flex flex-col gap-1.5 border-b border-border/60 px-4 py-3">
          <Skeleton className="h-3 w-40" />
          <Skeleton className="h-2.5 w-56" />
        </div>
      ))}
    </div>
  );
}

function StatusBadge({ status }: { status: KnowledgeStatus }) {
  return (
    <Badge variant={status === "published" ? "success" : "warning"}>
      {status === "published" ? "Published" : "Draft"}
    </Badge>
  );
}

export default function KnowledgePage() {
  const params = useParams<{ kind?: string; id?: string }>();
  const [, navigate] = useLocation();
  const kind = params.kind === "qa" ? "qa" : "articles";
  const selectedId = params.id && params.id !== "new" ? params.id : null;
  const creating = params.id === "new";
  // `?title=…`: a new article titled with an unanswered question (the dashboard's "Write an article").
  const initialTitle = new URLSearchParams(useSearch()).get("title")?.slice(0, 300) || undefined;
  const me = useMeQuery();
  const canEdit = me.data?.user.role === "admin";
  const [input, setInput] = useState("");
  const [filter, setFilter] = useState<KnowledgeFilter>({ q: "", status: "all", tag: "" });
  const [importing, setImporting] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const t = setTimeout(() => setFilter((f) => ({ ...f, q: input.trim() })), 250);
    return () => clearTimeout(t);
  }, [input]);
  useHotkeys({
    "/": () => searchRef.current?.focus(),
    n: () => canEdit && navigate(`/knowledge/${kind}/new`),
  });

  const articles = useArticles(filter);
  const qa = useQaList(filter);
  const list = kind === "articles" ? articles : qa;
  const [tagsSeen, setTagsSeen] = useState<string[]>([]);
  const items = list.data?.items ?? [];
  const tags = useMemo(() => [...new Set([...tagsSeen, ...items.flatMap((i) => i.tags)])].sort(), [items, tagsSeen]);
  useEffect(() => {
    if (tags.length !== tagsSeen.length) setTagsSeen(tags);
  }, [tags, tagsSeen]);
  const filtering = filter.q !== "" || filter.status !== "all" || filter.tag !== "";
  const totalEmpty = !filtering && (articles.data?.total ?? 1) === 0 && (qa.data?.total ?? 1) === 0;

  let body: ReactNode;
  if (list.isPending) body = <ListSkeleton />;
  else if (list.isError)
    body = (
      <ErrorState error={list.error} title="Couldn't load the knowledge base" onRetry={() => void list.refetch()} />
    );
  else if (items.length === 0)
    body = filtering ? (
      <EmptyState icon={<SearchX />} title="No matches" description="Nothing matches these filters." />
    ) : totalEmpty ? (
      <EmptyState
        icon={<BookOpen />}
        title="Your knowledge base is empty"
        description="The AI agent answers customers from what you put here. Start from what you already have:"
        action={
          canEdit ? (
            <div className="flex flex-col gap-1.5 text-left">
              <Button variant="outline" size="sm" onClick={() => setImporting(true)}>
                <FileUp /> Import a help-centre export (.md, .txt)
              </Button>
              <Button variant="outline" size="sm" onClick={() => setImporting(true)}>
                <MessageCircleQuestion /> Import FAQs from a CSV (question,answer)
              </Button>
              <Button variant="outline" size="sm" onClick={() => setImporting(true)}>
                <Globe /> Import a page of your website
              </Button>
              <Button size="sm" onClick={() => navigate("/knowledge/articles/new")}>
                <Plus /> Write an article
              </Button>
            </div>
          ) : (
            <p className="text-[12px] text-muted-foreground">Ask an admin to add articles.</p>
          )
        }
      />
    ) : (
      <EmptyState
        icon={kind === "articles" ? <FileText /> : <MessageCircleQuestion />}
        title={kind === "articles" ? "No articles yet" : "No Q&A pairs yet"}
        description={kind === "articles" ? "Write one or import Markdown files." : "Add one or import a CSV."}
      />
    );
  else
    body = (
      <ul aria-label={kind === "articles" ? "Articles" : "Q&A pairs"}>
        {kind === "articles"
          ? (articles.data?.items ?? []).map((a) => (
              <li key={a.id}>
                <Link
                  href={`/knowledge/articles/${a.id}`}
                  data-testid="article-row"
                  aria-current={a.id === selectedId ? "page" : undefined}
                  className={cn(
                    "flex flex-col gap-0.5 border-b border-border/60 px-4 py-2.5 outline-none hover:bg-accent/60 focus-visible:ring-2 focus-visible:ring-ring/50 focus-visible:ring-inset",
                    a.id === selectedId && "bg-primary/[0.07] dark:bg-primary/[0.12]",
                  )}
                >
                  <div className="flex items-center gap-2">
                    <p className="min-w-0 flex-1 truncate text-[13px] font-medium">{a.title}</p>
                    <StatusBadge status={a.status} />
                  </div>
                  <p className="line-clamp-1 text-[12px] text-muted-foreground">{a.excerpt || "Empty article"}</p>
                  <p className="flex items-center gap-1.5 text-[11px] text-muted-foreground">
                    {a.tags.slice(0, 3).map((t) => (
                      <span key={t} className="rounded bg-secondary px-1">
                        {t}
                      </span>
                    ))}
                    <span className="ml-auto">{shortRelative(a.updatedAt)}</span>
                  </p>
                </Link>
              </li>
            ))
          : (qa.data?.items ?? []).map((q) => (
              <li key={q.id}>
                <Link
                  href={`/knowledge/qa/${q.id}`}
                  data-testid="qa-row"
                  aria-current={q.id === selectedId ? "page" : undefined}
                  className={cn(
                    "flex flex-col gap-0.5 border-b border-border/60 px-4 py-2.5 outline-none hover:bg-accent/60 focus-visible:ring-2 focus-visible:ring-ring/50 focus-visible:ring-inset",
                    q.id === selectedId && "bg-primary/[0.07] dark:bg-primary/[0.12]",
                  )}
                >
                  <div className="flex items-center gap-2">
                    <p className="min-w-0 flex-1 truncate text-[13px] font-medium">{q.question}</p>
                    <StatusBadge status={q.status} />
                  </div>
                  <p className="line-clamp-1 text-[12px] text-muted-foreground">{q.answer}</p>
                </Link>
              </li>
            ))}
      </ul>
    );

  const selectedQa: QaPair | null =
    kind === "qa" && selectedId ? (qa.data?.items.find((q) => q.id === selectedId) ?? null) : null;
  let pane: ReactNode;
  if (kind === "articles" && (selectedId || creating))
    pane = (
      <ArticleEditorLoader
        id={selectedId}
        initialTitle={initialTitle}
        canEdit={canEdit}
        onSaved={(id) => navigate(`/knowledge/articles/${id}`, { replace: true })}
        onDeleted={() => navigate("/knowledge")}
      />
    );
  else if (kind === "qa" && (creating || selectedQa))
    pane = (
      <div className="mx-auto w-full max-w-2xl">
        <h2 className="px-5 pt-5 text-[15px] font-semibold">{creating ? "New Q&A pair" : "Q&A pair"}</h2>
        <QaEditor
          key={selectedId ?? "new"}
          pair={selectedQa}
          canEdit={canEdit}
          onDone={() => navigate("/knowledge/qa")}
        />
      </div>
    );
  else if (kind === "qa" && selectedId && qa.isPending) pane = <Spinner className="m-6" />;
  else
    pane = (
      <div className="mx-auto w-full max-w-3xl">
        <TestSearch />
      </div>
    );

  return (
    <div className="flex h-full min-w-0 flex-1">
      <div className="flex w-[340px] shrink-0 flex-col border-r">
        <div className="flex flex-col gap-2.5 border-b px-4 pt-3 pb-3">
          <div className="flex items-center gap-2">
            <h1 className="text-[15px] font-semibold tracking-tight">Knowledge base</h1>
            {canEdit ? (
              <div className="ml-auto flex gap-1">
                <Button variant="outline" size="sm" onClick={() => setImporting(true)}>
                  <Upload /> Import
                </Button>
                <Button size="sm" onClick={() => navigate(`/knowledge/${kind}/new`)} title="New (N)">
                  <Plus /> New
                </Button>
              </div>
            ) : null}
          </div>
          <div className="grid grid-cols-2 gap-1 rounded-lg bg-secondary p-0.5" role="tablist" aria-label="Kind">
            {(["articles", "qa"] as const).map((k) => (
              <Link
                key={k}
                href={`/knowledge/${k}`}
                role="tab"
                aria-selected={kind === k}
                className={cn(
                  "rounded-md px-2 py-1 text-center text-[12.5px] font-medium",
                  kind === k ? "bg-background shadow-xs" : "text-muted-foreground hover:text-foreground",
                )}
              >
                {k === "articles"
                  ? `Articles${articles.data ? ` (${articles.data.total})` : ""}`
                  : `Q&A${qa.data ? ` (${qa.data.total})` : ""}`}
              </Link>
            ))}
          </div>
          <div className="relative">
            <Search
              aria-hidden
              className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-muted-foreground"
            />
            <input
              ref={searchRef}
              type="search"
              aria-label="Filter the knowledge base"
              placeholder={kind === "articles" ? "Filter articles by title or text" : "Filter questions and answers"}
              value={input}
              onChange={(e) => setInput(e.target.value)}
              className="h-8 w-full rounded-md border border-input bg-background pr-2.5 pl-8 text-[13px] shadow-xs outline-none placeholder:text-muted-foreground/80 focus-visible:border-ring focus-visible:ring-2 focus-visible:ring-ring/30 dark:bg-input/20"
            />
            {list.isFetching && !list.isPending ? (
              <Spinner className="absolute top-2 right-2 size-3.5 text-muted-foreground" />
            ) : null}
          </div>
          <div className="flex gap-2">
            <select
              aria-label="Status"
              className={cn(selectClass, "flex-1")}
              value={filter.status}
              onChange={(e) => setFilter({ ...filter, status: e.target.value as KnowledgeFilter["status"] })}
            >
              <option value="all">All statuses</option>
              <option value="published">Published</option>
              <option value="draft">Drafts</option>
            </select>
            <select
              aria-label="Tag"
              className={cn(selectClass, "flex-1")}
              value={filter.tag}
              onChange={(e) => setFilter({ ...filter, tag: e.target.value })}
            >
              <option value="">All tags</option>
              {tags.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="scrollbar-thin min-h-0 flex-1 overflow-y-auto">{body}</div>
      </div>
      <main className="scrollbar-thin min-w-0 flex-1 overflow-y-auto">{pane}</main>
      <ImportDialog open={importing} onOpenChange={setImporting} />
    </div>
  );
}
