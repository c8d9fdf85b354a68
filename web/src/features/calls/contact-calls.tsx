import type { Call } from "@switchboard/contracts";
import { useQuery } from "@tanstack/react-query";
import { Link } from "wouter";
import { Badge } from "@/components/ui/badge";
import { Skeleton } from "@/components/ui/skeleton";
import { api, errorMessage } from "@/lib/api";
import { shortRelative } from "@/lib/time";
import { categoryLabel, categoryVariant, outcomeLabel, outcomeVariant } from "./queries";

/**
 * A contact's latest calls with each one's outcome and collected fields (the contact profile's
 * "Calls"). Under ["calls"], so call.updated refreshes it when a call ends with an outcome.
 */
export function ContactCalls({ contactId }: { contactId: string }) {
  const q = useQuery({
    queryKey: ["calls", "contact", contactId],
    queryFn: ({ signal }) =>
      api<{ items: Call[] }>("/api/calls", { query: { contactId, limit: 5 }, signal }).then((d) => d.items),
  });
  if (q.isPending) return <Skeleton className="h-8 w-full" />;
  if (q.isError) return <p className="text-[13px] text-destructive">Couldn't load calls: {errorMessage(q.error)}</p>;
  if (!q.data.length) return <p className="text-[13px] text-muted-foreground">No calls yet.</p>;
  return (
    <ul className="-mx-2 flex flex-col" data-testid="contact-calls">
      {q.data.map((c) => {
        const fields = Object.entries(c.fields);
        return (
          <li key={c.id}>
            <Link
              href={`/calls/${c.id}`}
              className="flex flex-col gap-1 rounded-md px-2 py-1.5 hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring/50 focus-visible:outline-none"
            >
              <span className="flex flex-wrap items-center gap-1.5 text-[11.5px] text-muted-foreground">
                <Badge variant={categoryVariant(c.category)}>{categoryLabel[c.category]}</Badge>
                {c.outcome ? (
                  <Badge variant={outcomeVariant(c.outcome)} data-testid="contact-call-outcome">
                    {outcomeLabel[c.outcome]}
                  </Badge>
                ) : null}
                {c.sandbox ? <Badge variant="warning">Sandbox</Badge> : null}
                <span className="ml-auto">{shortRelative(c.createdAt)}</span>
              </span>
              {fields.length ? (
                <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-[12px]" data-testid="contact-call-fields">
                  {fields.map(([k, v]) => (
                    <div key={k} className="contents">
                      <dt className="text-muted-foreground">{k.replaceAll("_", " ")}</dt>
                      <dd className="min-w-0 truncate">{String(v)}</dd>
                    </div>
                  ))}
                </dl>
              ) : null}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
