import { useQuery } from "@tanstack/react-query";
import { ApiError, api } from "@/lib/api";
import { qk } from "@/lib/query-keys";
import type { Me, SetupStatus, User } from "@/lib/types";

export function useSetupStatus() {
  return useQuery({
    queryKey: qk.setup,
    queryFn: () => api<SetupStatus>("/api/setup", { redirectOn401: false }),
    staleTime: 60_000,
  });
}

/** The signed-in agent, or null when there is no session. */
export function useMeQuery() {
  return useQuery({
    queryKey: qk.me,
    queryFn: async () => {
      try {
        return await api<Me>("/api/me", { redirectOn401: false });
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Only for components rendered inside the authenticated shell. */
export function useMe(): User {
  const { data } = useMeQuery();
  if (!data) throw new Error("useMe used outside the authenticated app");
  return data.user;
}
