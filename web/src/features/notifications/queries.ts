import type { Notification, NotificationPage, NotificationPreferences } from "@switchboard/contracts";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api";
import { defaultPreferences } from "./preferences";

/** Query keys of this feature (kept here: the notifications own their caches). */
export const notificationKeys = {
  all: ["notifications"] as const,
  list: (type: "mention" | "all") => ["notifications", "list", type] as const,
  unread: ["notifications", "unread"] as const,
  preferences: ["notifications", "preferences"] as const,
};

export function useNotificationList(type: "mention" | "all") {
  return useInfiniteQuery({
    queryKey: notificationKeys.list(type),
    queryFn: ({ pageParam }) =>
      api<NotificationPage>("/api/notifications", {
        query: { type: type === "all" ? undefined : type, cursor: pageParam ?? undefined, limit: 30 },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** My unread notifications (the nav badge); refreshed by every notification.created event. */
export function useUnreadNotifications() {
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: async () => (await api<NotificationPage>("/api/notifications", { query: { limit: 1 } })).unread,
    staleTime: 60_000,
  });
}

export function useMarkNotificationsRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { ids: string[] } | { all: true; type?: Notification["type"] }) =>
      api<{ unread: number }>("/api/notifications/read", { method: "POST", body }),
    onSuccess: ({ unread }) => {
      qc.setQueryData(notificationKeys.unread, unread);
      void qc.invalidateQueries({ queryKey: ["notifications", "list"] });
    },
  });
}

export function useNotificationPreferences() {
  return useQuery({
    queryKey: notificationKeys.preferences,
    queryFn: () => api<NotificationPreferences>("/api/me/notification-preferences"),
    staleTime: 5 * 60_000,
  });
}

/** The preferences the notifier applies now: the stored ones, or the defaults until they load. */
export function useEffectivePreferences(): NotificationPreferences {
  return useNotificationPreferences().data ?? defaultPreferences;
}

type PreferencesChange = Partial<Omit<NotificationPreferences, "events">> & {
  events?: Partial<NotificationPreferences["events"]>;
};

/** Saves one switch at a time, optimistically: the switch moves at once and rolls back on failure. */
export function useUpdateNotificationPreferences() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (change: PreferencesChange) =>
      api<NotificationPreferences>("/api/me/notification-preferences", { method: "PUT", body: change }),
    onMutate: async (change) => {
      await qc.cancelQueries({ queryKey: notificationKeys.preferences });
      const before = qc.getQueryData<NotificationPreferences>(notificationKeys.preferences);
      const base = before ?? defaultPreferences;
      qc.setQueryData<NotificationPreferences>(notificationKeys.preferences, {
        ...base,
        ...change,
        events: { ...base.events, ...change.events },
      });
      return { before };
    },
    onError: (_err, _change, context) => qc.setQueryData(notificationKeys.preferences, context?.before),
    onSuccess: (prefs) => qc.setQueryData(notificationKeys.preferences, prefs),
  });
}
