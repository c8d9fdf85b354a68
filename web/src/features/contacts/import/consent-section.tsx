import type { ConsentStatus } from "@switchboard/contracts";
import { Globe2 } from "lucide-react";
import { useState } from "react";
import { ErrorState } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { errorMessage } from "@/lib/api";
import { shortRelative } from "@/lib/time";
import { useConsent, useUpdateConsent } from "./queries";

const statusText: Record<ConsentStatus, string> = {
  opted_in: "Opted in",
  opted_out: "Opted out",
  unknown: "Not asked",
};
const statusVariant = { opted_in: "success", opted_out: "danger", unknown: "secondary" } as const;
const sourceText = {
  keyword: "by keyword",
  agent: "by an agent",
  import: "by import",
  provider: "by WhatsApp (131050)",
  api: "through the API",
} as const;

/** Marketing consent on the contact panel: status, zone (editable), the agent's opt-out/in, history. */
export function ConsentSection({ contactId }: { contactId: string }) {
  const q = useConsent(contactId);
  const update = useUpdateConsent(contactId);
  const [zone, setZone] = useState<string | null>(null);
  if (q.isPending)
    return (
      <div className="grid gap-2">
        <Skeleton className="h-5 w-24" />
        <Skeleton className="h-7 w-full" />
      </div>
    );
  if (q.isError) return <ErrorState error={q.error} title="Couldn't load consent" onRetry={() => void q.refetch()} />;
  const c = q.data;
  const next = c.status === "opted_out" ? "opted_in" : "opted_out";
  return (
    <div className="grid gap-2.5" data-testid="consent-section">
      <div className="flex items-center gap-2">
        <Badge variant={statusVariant[c.status]} data-testid="consent-status">
          {statusText[c.status]}
        </Badge>
        {c.source && c.at ? (
          <span className="text-[12px] text-muted-foreground">
            {sourceText[c.source]}, {shortRelative(c.at)}
          </span>
        ) : null}
        <Button
          variant="outline"
          size="sm"
          className="ml-auto"
          disabled={update.isPending}
          onClick={() => update.mutate({ status: next, reason: "Changed from the contact panel" })}
          data-testid="consent-toggle"
        >
          {next === "opted_out" ? "Opt out" : "Opt in"}
        </Button>
      </div>
      <form
        className="flex items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (zone !== null) update.mutate({ timeZone: zone.trim() || null }, { onSuccess: () => setZone(null) });
        }}
      >
        <Globe2 aria-hidden className="size-3.5 shrink-0 text-muted-foreground" />
        <Input
          aria-label="Time zone"
          className="h-7 text-[12.5px]"
          value={zone ?? c.timeZone ?? ""}
          placeholder="Time zone (e.g. Europe/Madrid)"
          onChange={(e) => setZone(e.target.value)}
        />
        {zone !== null ? (
          <Button size="sm" type="submit" disabled={update.isPending}>
            Save
          </Button>
        ) : c.timeZoneGuessed ? (
          <span className="shrink-0 text-[11px] text-muted-foreground">guessed</span>
        ) : null}
      </form>
      {update.isError ? <p className="text-[12px] text-destructive">{errorMessage(update.error)}</p> : null}
      {c.history.length ? (
        <ol className="grid gap-1 border-l pl-3 text-[12px]" aria-label="Consent history">
          {[...c.history].reverse().map((e) => (
            <li key={e.id} className="text-muted-foreground">
              <span className="font-medium text-foreground">{statusText[e.status]}</span> {sourceText[e.source]}
              {e.actor ? ` (${e.actor.name})` : ""}
              {e.reason ? ` · “${e.reason}”` : ""} · {shortRelative(e.at)}
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-[12px] text-muted-foreground">No consent changes yet.</p>
      )}
    </div>
  );
}
