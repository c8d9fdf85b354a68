import type {
  BulkTicketsBody,
  CreateTicketBody,
  ListTicketsQuery,
  PatchTicketBody,
  Ticket,
  TicketComment,
  TicketDetail,
  TicketStatus,
  TicketType,
  TicketView,
} from "@switchboard/contracts";
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api";

/** Tickets' query keys: everything under ["tickets"], which realtime ticket events invalidate. */
export const ticketKeys = {
  all: ["tickets"] as const,
  list: (q: TicketFilters) => ["tickets", "list", q] as const,
  detail: (id: string) => ["tickets", "detail", id] as const,
  views: ["tickets", "views"] as const,
};

export type TicketFilters = Pick<
  Partial<ListTicketsQuery>,
  "status" | "priority" | "assignee" | "sort" | "conversation" | "sla" | "q" | "team" | "tag" | "type"
>;

export const statusLabel: Record<TicketStatus, string> = {
  new: "New",
  open: "Open",
  pending: "Pending",
  on_hold: "On hold",
  solved: "Solved",
  closed: "Closed",
};
export const typeLabel: Record<TicketType, string> = {
  question: "Question",
  problem: "Problem",
  incident: "Incident",
  task: "Task",
};
export const statusVariant = (s: TicketStatus) =>
  s === "new" || s === "open" ? "default" : s === "solved" || s === "closed" ? "outline" : "secondary";

export function useTickets(filters: TicketFilters) {
  return useInfiniteQuery({
    queryKey: ticketKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api<{ items: Ticket[]; nextCursor: string | null }>("/api/tickets", {
        query: { ...filters, cursor: pageParam, limit: 50 },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useTicket(id: string) {
  return useQuery({
    queryKey: ticketKeys.detail(id),
    queryFn: ({ signal }) => api<TicketDetail>(`/api/tickets/${id}`, { signal }),
  });
}

export function useCreateTicket() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<CreateTicketBody>) => api<Ticket>("/api/tickets", { method: "POST", body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ticketKeys.all }),
  });
}

export function usePatchTicket(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PatchTicketBody) => api<Ticket>(`/api/tickets/${id}`, { method: "PATCH", body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ticketKeys.all }),
  });
}

export function useAddTicketComment(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => api<TicketComment>(`/api/tickets/${id}/comments`, { method: "POST", body: { body } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ticketKeys.detail(id) }),
  });
}

/** The same change on many tickets (PATCH /api/tickets/bulk, all or nothing); the list refreshes. */
export function useBulkTickets() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkTicketsBody) =>
      api<{ items: Ticket[]; changed: number }>("/api/tickets/bulk", { method: "PATCH", body }),
    onSettled: () => void qc.invalidateQueries({ queryKey: ticketKeys.all }),
  });
}

export function useTicketViews() {
  return useQuery({
    queryKey: ticketKeys.views,
    queryFn: ({ signal }) => api<{ items: TicketView[] }>("/api/ticket-views", { signal }),
    select: (d) => d.items,
  });
}

export function useSaveTicketView() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Pick<TicketView, "name" | "shared" | "filters" | "sort">) =>
      api<TicketView>("/api/ticket-views", { method: "POST", body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ticketKeys.views }),
  });
}

export function useDeleteTicketView() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/ticket-views/${id}`, { method: "DELETE" }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ticketKeys.views }),
  });
}
