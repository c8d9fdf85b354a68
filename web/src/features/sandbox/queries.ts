import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api";
import { qk } from "@/lib/query-keys";
import type { SandboxInfo } from "@/lib/types";

/** Whether the sandbox is on, and which channels are sandbox channels (readable by every agent). */
export function useSandboxInfo() {
  return useQuery({
    queryKey: qk.sandbox,
    queryFn: ({ signal }) => api<SandboxInfo>("/api/sandbox", { signal }),
    staleTime: 60_000,
    retry: false,
  });
}

/** True when the channel is a sandbox channel (false while unknown). */
export function useIsSandboxChannel(channelId: string | undefined): boolean {
  const q = useSandboxInfo();
  return !!channelId && !!q.data?.channels.some((c) => c.id === channelId);
}
