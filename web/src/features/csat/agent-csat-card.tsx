import { Star } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { errorMessage } from "@/lib/api";
import { useAgentCsat } from "./queries";

/** The agent's customer satisfaction on their profile: the average rating of the surveys they earned. */
export function AgentCsatCard({ agentId }: { agentId: string }) {
  const q = useAgentCsat(agentId);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Customer satisfaction</CardTitle>
        <CardDescription>Ratings customers gave after conversations you resolved.</CardDescription>
      </CardHeader>
      <CardContent>
        {q.isPending ? (
          <Skeleton className="h-8 w-40" />
        ) : q.isError ? (
          <p role="alert" className="text-[13px] text-destructive">
            {errorMessage(q.error)}
          </p>
        ) : q.data.answered === 0 || q.data.average === null ? (
          <p className="text-[13px] text-muted-foreground">No ratings yet.</p>
        ) : (
          <p className="flex items-center gap-2 text-[13px]">
            <Star aria-hidden className="size-4 fill-amber-400 text-amber-400" />
            <span className="text-lg font-semibold tabular-nums">{q.data.average.toFixed(1)}</span>
            <span className="text-muted-foreground">
              out of 5 · {q.data.answered} {q.data.answered === 1 ? "rating" : "ratings"}
            </span>
          </p>
        )}
      </CardContent>
    </Card>
  );
}
