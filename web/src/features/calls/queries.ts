import type { Call, CallCategory, CallDashboard, CallDetail, FlowOutcome, FlowTurn } from "@switchboard/contracts";
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api";

/** Calls' query keys: everything under ["calls"], which call.updated invalidates. */
export const callKeys = {
  all: ["calls"] as const,
  list: (category: CallCategory | undefined) => ["calls", "list", category ?? "all"] as const,
  detail: (id: string) => ["calls", "detail", id] as const,
};

export const categoryLabel: Record<CallCategory, string> = {
  queued: "Queued",
  ringing: "Ringing",
  in_progress: "In progress",
  completed: "Completed",
  failed: "Failed",
  busy: "Busy",
  no_answer: "No answer",
  voicemail: "Voicemail",
  canceled: "Canceled",
};

export const statusLabel: Record<Call["status"], string> = {
  queued: "Queued",
  dialing: "Dialing",
  initiated: "Initiated",
  ringing: "Ringing",
  in_progress: "In progress",
  completed: "Completed",
  busy: "Busy",
  no_answer: "No answer",
  failed: "Failed",
  canceled: "Canceled",
};

/** Twilio's answering-machine detection results (AnsweredBy), in words. */
export const answeredByLabel: Record<NonNullable<Call["answeredBy"]>, string> = {
  human: "A person",
  machine_start: "Answering machine",
  machine_end_beep: "Answering machine (after the beep)",
  machine_end_silence: "Answering machine (after silence)",
  machine_end_other: "Answering machine",
  fax: "Fax",
  unknown: "Unknown",
};

/**
 * A timeline line in words. The server stores "answered by machine_end_beep" (Twilio's value, kept
 * as sent for support); the console says who answered instead.
 */
export function eventText(e: { kind: string; summary: string }): string {
  const m = e.kind === "amd" ? /^answered by (\w+)$/.exec(e.summary) : null;
  const label = m ? answeredByLabel[m[1] as keyof typeof answeredByLabel] : undefined;
  return label ? `Answered by: ${label}` : e.summary;
}

export const categoryVariant = (c: CallCategory) =>
  c === "ringing" || c === "in_progress"
    ? ("info" as const)
    : c === "failed"
      ? ("danger" as const)
      : c === "completed"
        ? ("success" as const)
        : c === "voicemail" || c === "busy" || c === "no_answer"
          ? ("warning" as const)
          : ("secondary" as const);

export const outcomeLabel: Record<FlowOutcome, string> = {
  interested: "Interested",
  not_interested: "Not interested",
  call_back: "Call back",
  wrong_number: "Wrong number",
  transferred: "Transferred",
  voicemail: "Voicemail",
  no_answer: "No answer",
};

export const outcomeVariant = (o: FlowOutcome) =>
  o === "interested"
    ? ("success" as const)
    : o === "call_back"
      ? ("info" as const)
      : o === "voicemail" || o === "no_answer"
        ? ("warning" as const)
        : ("secondary" as const);

export function useCalls(category: CallCategory | undefined) {
  return useInfiniteQuery({
    queryKey: callKeys.list(category),
    queryFn: ({ pageParam, signal }) =>
      api<{ items: Call[]; nextCursor: string | null }>("/api/calls", {
        query: { category, cursor: pageParam, limit: 50 },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useCall(id: string) {
  return useQuery({
    queryKey: callKeys.detail(id),
    queryFn: ({ signal }) => api<CallDetail>(`/api/calls/${id}`, { signal }),
  });
}

/** A fresh signed link for the player (valid 5 minutes, for me only). */
export function useRecordingLink() {
  return useMutation({
    mutationFn: (id: string) =>
      api<{ url: string; expiresAt: string }>(`/api/calls/${id}/recording-link`, { method: "POST" }),
  });
}

/** The live dashboard (under ["calls"]: call.updated refetches it; call.turn appends to it in place). */
export const callDashboardKey = ["calls", "dashboard"] as const;
export const useCallDashboard = () =>
  useQuery({
    queryKey: callDashboardKey,
    queryFn: ({ signal }) => api<CallDashboard>("/api/call-dashboard", { signal }),
    placeholderData: keepPreviousData,
  });

/** A call.turn event: the turn replaces its seq (an interruption cut it) or is appended. */
export function withTurn(d: CallDashboard | undefined, callId: string, turn: FlowTurn): CallDashboard | undefined {
  if (!d) return d;
  return {
    ...d,
    live: d.live.map((l) =>
      l.call.id !== callId
        ? l
        : { ...l, turns: [...l.turns.filter((t) => t.seq !== turn.seq), turn].sort((a, b) => a.seq - b.seq) },
    ),
  };
}
