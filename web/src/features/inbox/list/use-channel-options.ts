import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { useMe } from "@/features/auth/queries";
import { api } from "@/lib/api";
import { qk } from "@/lib/query-keys";
import type { Channel, ChannelType } from "@/lib/types";
import type { ListData } from "../cache";

export interface ChannelOption {
  id: string;
  name: string;
  type: ChannelType;
}

/** Channels to filter by: the channel list for admins; for agents, the channels seen in loaded conversations. */
export function useChannelOptions(): ChannelOption[] {
  const me = useMe();
  const qc = useQueryClient();
  const isAdmin = me.role === "admin";
  const channels = useQuery({
    queryKey: qk.channels,
    queryFn: () => api<{ items: Channel[] }>("/api/channels"),
    enabled: isAdmin,
    staleTime: 5 * 60_000,
  });
  const data = channels.data;
  return useMemo(() => {
    if (data) return data.items.map((c) => ({ id: c.id, name: c.name, type: c.type }));
    const seen = new Map<string, ChannelOption>();
    for (const [, list] of qc.getQueriesData<ListData>({ queryKey: qk.conversationLists })) {
      for (const page of list?.pages ?? []) {
        for (const c of page.items)
          seen.set(c.channelId, { id: c.channelId, name: c.channelName, type: c.channelType });
      }
    }
    return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [data, qc]);
}
