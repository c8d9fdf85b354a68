import type { CallCampaign, CallCampaignTarget, CreateCallCampaignBody } from "@switchboard/contracts";
import { callCampaignTargetListSchema, createCallCampaignBody } from "@switchboard/contracts";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api";

/**
 * Call campaigns' keys sit under ["calls"]: call.updated (a target's call rang, answered, ended)
 * refetches a campaign's targets as well as the calls pages; call_campaign.progress refetches
 * ["calls", "campaigns"] only.
 */
export const callCampaignKeys = {
  all: ["calls", "campaigns"] as const,
  list: ["calls", "campaigns", "list"] as const,
  one: (id: string) => ["calls", "campaigns", id] as const,
  targets: (id: string) => ["calls", "campaigns", id, "targets"] as const,
};

export type CallCampaignAction = "start" | "pause" | "resume" | "cancel";

export const campaignStatusLabel: Record<CallCampaign["status"], string> = {
  draft: "Draft",
  running: "Running",
  paused: "Paused",
  completed: "Completed",
  canceled: "Canceled",
};
export const campaignStatusVariant = (s: CallCampaign["status"]) =>
  s === "running"
    ? ("info" as const)
    : s === "completed"
      ? ("success" as const)
      : s === "paused"
        ? ("warning" as const)
        : ("secondary" as const);

/** Which moves the server accepts from a status (campaign-control.ts MOVES; anything else is a 409). */
export const actionsFor = (s: CallCampaign["status"]): CallCampaignAction[] =>
  s === "draft"
    ? ["start", "cancel"]
    : s === "running"
      ? ["pause", "cancel"]
      : s === "paused"
        ? ["resume", "cancel"]
        : [];

export const targetStateLabel: Record<CallCampaignTarget["state"], string> = {
  pending: "Waiting",
  calling: "Calling",
  settled: "Done",
  skipped: "Skipped",
  canceled: "Canceled",
};

export const targetOutcomeLabel: Record<NonNullable<CallCampaignTarget["outcome"]>, string> = {
  interested: "Interested",
  not_interested: "Not interested",
  call_back: "Call back",
  wrong_number: "Wrong number",
  transferred: "Transferred",
  completed: "Completed (no outcome)",
  voicemail: "Voicemail",
  no_answer: "No answer",
  busy: "Busy",
  failed: "Failed",
  canceled: "Canceled",
  opted_out: "Opted out",
  no_phone: "No phone",
};
export const targetOutcomeVariant = (o: NonNullable<CallCampaignTarget["outcome"]>) =>
  o === "interested"
    ? ("success" as const)
    : o === "call_back"
      ? ("info" as const)
      : o === "failed"
        ? ("danger" as const)
        : o === "voicemail" || o === "no_answer" || o === "busy"
          ? ("warning" as const)
          : ("secondary" as const);

/** Targets reached so far: settled or skipped (the progress bar's share of the total). */
export const reached = (c: CallCampaign) =>
  c.counts.byState.settled + c.counts.byState.skipped + c.counts.byState.canceled;

export function useCallCampaigns() {
  return useQuery({
    queryKey: callCampaignKeys.list,
    queryFn: ({ signal }) => api<{ items: CallCampaign[] }>("/api/call-campaigns", { signal }),
    select: (d) => d.items,
    placeholderData: keepPreviousData,
  });
}

export function useCallCampaign(id: string) {
  return useQuery({
    queryKey: callCampaignKeys.one(id),
    queryFn: ({ signal }) => api<CallCampaign>(`/api/call-campaigns/${id}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCallCampaignTargets(id: string) {
  return useQuery({
    queryKey: callCampaignKeys.targets(id),
    // Parsed with the shared contract: the table reads `fields` and the live call category from it.
    queryFn: async ({ signal }) =>
      callCampaignTargetListSchema.parse(await api(`/api/call-campaigns/${id}/targets`, { signal })).items,
    placeholderData: keepPreviousData,
  });
}

export function useCreateCallCampaign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCallCampaignBody) =>
      api<CallCampaign>("/api/call-campaigns", { method: "POST", body: createCallCampaignBody.parse(body) }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: callCampaignKeys.all }),
  });
}

export function useMoveCallCampaign(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: CallCampaignAction) =>
      api<CallCampaign>(`/api/call-campaigns/${id}/${action}`, { method: "POST" }),
    onSuccess: (c) => {
      qc.setQueryData(callCampaignKeys.one(id), c);
      void qc.invalidateQueries({ queryKey: callCampaignKeys.all });
    },
  });
}
