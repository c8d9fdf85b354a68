import type {
  Article,
  ArticleSummary,
  KnowledgeImport,
  KnowledgeSearchResult,
  KnowledgeStatus,
  QaPair,
} from "@switchboard/contracts";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api";

export interface KnowledgeFilter {
  q: string;
  status: KnowledgeStatus | "all";
  tag: string;
}

// The knowledge base's own query keys (the shared qk table belongs to the inbox and settings).
export const kbKeys = {
  all: ["knowledge"] as const,
  articles: (f: KnowledgeFilter) => ["knowledge", "articles", f] as const,
  article: (id: string) => ["knowledge", "article", id] as const,
  qaList: (f: KnowledgeFilter) => ["knowledge", "qa", f] as const,
  imports: ["knowledge", "imports"] as const,
  importRun: (id: string) => ["knowledge", "import", id] as const,
};

const toQuery = (f: KnowledgeFilter) => ({
  q: f.q.trim() || undefined,
  status: f.status === "all" ? undefined : f.status,
  tag: f.tag || undefined,
  limit: 100,
});

export function useArticles(f: KnowledgeFilter) {
  return useQuery({
    queryKey: kbKeys.articles(f),
    queryFn: ({ signal }) =>
      api<{ items: ArticleSummary[]; total: number }>("/api/knowledge/articles", { query: toQuery(f), signal }),
    placeholderData: keepPreviousData,
  });
}

export function useArticle(id: string | null) {
  return useQuery({
    queryKey: kbKeys.article(id ?? "none"),
    queryFn: ({ signal }) => api<Article>(`/api/knowledge/articles/${id}`, { signal }),
    enabled: !!id,
  });
}

export function useQaList(f: KnowledgeFilter) {
  return useQuery({
    queryKey: kbKeys.qaList(f),
    queryFn: ({ signal }) =>
      api<{ items: QaPair[]; total: number }>("/api/knowledge/qa", { query: toQuery(f), signal }),
    placeholderData: keepPreviousData,
  });
}

export type ArticleFields = {
  title: string;
  body: string;
  tags: string[];
  status: KnowledgeStatus;
};

export function useSaveArticle() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string | null; patch: Partial<ArticleFields> }) =>
      id
        ? api<Article>(`/api/knowledge/articles/${id}`, { method: "PATCH", body: patch })
        : api<Article>("/api/knowledge/articles", { method: "POST", body: patch }),
    onSuccess: (a) => {
      qc.setQueryData(kbKeys.article(a.id), a);
      void qc.invalidateQueries({ queryKey: ["knowledge", "articles"] });
    },
  });
}

export function useDeleteArticle() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/knowledge/articles/${id}`, { method: "DELETE" }),
    onSuccess: (_v, id) => {
      qc.removeQueries({ queryKey: kbKeys.article(id) });
      void qc.invalidateQueries({ queryKey: ["knowledge", "articles"] });
    },
  });
}

export type QaFields = {
  question: string;
  answer: string;
  alternatives: string[];
  tags: string[];
  status: KnowledgeStatus;
};

export function useSaveQa() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string | null; patch: Partial<QaFields> }) =>
      id
        ? api<QaPair>(`/api/knowledge/qa/${id}`, { method: "PATCH", body: patch })
        : api<QaPair>("/api/knowledge/qa", { method: "POST", body: patch }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ["knowledge", "qa"] }),
  });
}

export function useDeleteQa() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/knowledge/qa/${id}`, { method: "DELETE" }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ["knowledge", "qa"] }),
  });
}

export function useKnowledgeSearch() {
  return useMutation({
    mutationFn: (query: string) =>
      api<KnowledgeSearchResult>("/api/knowledge/search", { method: "POST", body: { query, limit: 8 } }),
  });
}

export function useStartImport() {
  return useMutation({
    mutationFn: (
      input: { file: File; split: string; status: KnowledgeStatus } | { url: string; status: KnowledgeStatus },
    ) => {
      if ("url" in input)
        return api<KnowledgeImport>("/api/knowledge/import/url", {
          method: "POST",
          body: { url: input.url, status: input.status },
        });
      const form = new FormData();
      form.set("file", input.file);
      form.set("split", input.split);
      form.set("status", input.status);
      return api<KnowledgeImport>("/api/knowledge/import", { method: "POST", body: form });
    },
  });
}

/** Polls a queued or running import every second until it is done or failed. */
export function useImportRun(id: string | null, initial: KnowledgeImport | null) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: kbKeys.importRun(id ?? "none"),
    queryFn: async ({ signal }) => {
      const r = await api<KnowledgeImport>(`/api/knowledge/imports/${id}`, { signal });
      if (r.status === "done" || r.status === "failed") void qc.invalidateQueries({ queryKey: kbKeys.all });
      return r;
    },
    enabled: !!id && !!initial && (initial.status === "queued" || initial.status === "running"),
    initialData: initial ?? undefined,
    refetchInterval: (q) =>
      q.state.data && (q.state.data.status === "queued" || q.state.data.status === "running") ? 1000 : false,
  });
}
