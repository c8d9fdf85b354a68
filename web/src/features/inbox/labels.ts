import type { ConversationStatus, Priority, StatusFilter } from "@/lib/types";

export const statusLabel: Record<StatusFilter, string> = {
  open: "Open",
  pending: "Pending",
  resolved: "Resolved",
  snoozed: "Snoozed",
  all: "All statuses",
};

export const priorityLabel: Record<Priority, string> = { low: "Low", normal: "Normal", high: "High", urgent: "Urgent" };

export const priorityColor: Record<Priority, string> = {
  low: "text-zinc-400",
  normal: "text-zinc-400",
  high: "text-orange-500",
  urgent: "text-red-500",
};

export const statusBadge: Record<ConversationStatus, "info" | "warning" | "success"> = {
  open: "info",
  pending: "warning",
  resolved: "success",
};
