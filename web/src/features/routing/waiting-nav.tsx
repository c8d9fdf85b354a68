import { useRoutingQueue } from "./queries";
import { useRoutingEvents } from "./use-routing-events";

/** How many wait for a person (the nav rail's badge); nothing when the queue can't be read. */
export function useWaitingCount(): number | undefined {
  useRoutingEvents();
  const q = useRoutingQueue();
  return q.data?.total;
}
