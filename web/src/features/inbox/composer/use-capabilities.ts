import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api";
import type { ChannelCapabilities, ChannelType } from "@/lib/types";

interface CapabilityList {
  items: { type: ChannelType; label: string; capabilities: ChannelCapabilities }[];
}

/** What the conversation's channel can send (declared by its adapter on the server); null while loading. */
export function useChannelCapabilities(type: ChannelType | null) {
  const q = useQuery({
    queryKey: ["channel-capabilities"],
    queryFn: ({ signal }) => api<CapabilityList>("/api/channel-capabilities", { signal }),
    // Declared in code: they change only with a new server version.
    staleTime: 60 * 60_000,
  });
  const entry = type ? q.data?.items.find((i) => i.type === type) : undefined;
  return entry ? { label: entry.label, ...entry.capabilities } : null;
}
