import { FileText, MessageCircleQuestion, Search } from "lucide-react";
import { useState } from "react";
import { Link } from "wouter";
import { EmptyState, ErrorState } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { inline } from "./markdown";
import { useKnowledgeSearch } from "./queries";

/** Ask what a customer would ask and see what the AI would read: ranked chunks with their scores. */
export function TestSearch() {
  const [query, setQuery] = useState("");
  const search = useKnowledgeSearch();
  const data = search.data;
  return (
    <section aria-label="Test search" className="flex flex-col gap-3 p-5">
      <div>
        <h2 className="text-[15px] font-semibold tracking-tight">Test search</h2>
        <p className="text-[13px] text-muted-foreground">
          Type a customer's question: these are the published passages the AI agent would answer from, best first.
        </p>
      </div>
      <form
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (query.trim()) search.mutate(query.trim());
        }}
      >
        <Input
          aria-label="Test question"
          placeholder="e.g. how do I get a refnd?"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <Button type="submit" disabled={!query.trim() || search.isPending}>
          {search.isPending ? <Spinner /> : <Search />} Search
        </Button>
      </form>
      {search.isError ? <ErrorState error={search.error} title="Search failed" /> : null}
      {data ? (
        <>
          <p className="text-[12px] text-muted-foreground">
            Language: {data.language} · words searched: {data.terms.join(", ") || "—"}
          </p>
          {data.results.length === 0 ? (
            <EmptyState
              icon={<Search />}
              title="Nothing relevant"
              description="No published article or Q&A matches. The AI would hand this question to a person."
            />
          ) : (
            <ol className="flex flex-col gap-2" data-testid="search-results">
              {data.results.map((r, i) => (
                <li key={r.chunkId} className="rounded-lg border bg-card p-3">
                  <div className="flex items-center gap-2 text-[13px]">
                    <span className="tabular-nums text-muted-foreground">{i + 1}.</span>
                    {r.source.type === "article" ? (
                      <FileText className="size-3.5 text-muted-foreground" />
                    ) : (
                      <MessageCircleQuestion className="size-3.5 text-muted-foreground" />
                    )}
                    <Link
                      href={
                        r.source.type === "article"
                          ? `/knowledge/articles/${r.source.id}`
                          : `/knowledge/qa/${r.source.id}`
                      }
                      className="min-w-0 truncate font-medium hover:underline"
                    >
                      {r.source.title}
                      {r.heading && r.heading !== r.source.title ? ` › ${r.heading}` : ""}
                    </Link>
                    <Badge variant="info" className="ml-auto tabular-nums" title="Fused score (reciprocal rank fusion)">
                      {r.score.toFixed(4)}
                    </Badge>
                  </div>
                  <p className="mt-1 line-clamp-3 text-[12.5px] text-muted-foreground">
                    {inline(r.content.replace(/^#+\s*/gm, ""))}
                  </p>
                  <p className="mt-1 text-[11px] text-muted-foreground">
                    full-text rank {r.textRank ?? "—"} · trigram rank {r.trigramRank ?? "—"}
                  </p>
                </li>
              ))}
            </ol>
          )}
        </>
      ) : null}
    </section>
  );
}
