import type { Call, FlowTurn } from "@switchboard/contracts";
import { ArrowLeft, Phone } from "lucide-react";
import { useEffect } from "react";
import { Link } from "wouter";
import { ErrorState } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { fullTime } from "@/lib/time";
import { cn } from "@/lib/utils";
import { CallHandling, RecordingTranscript } from "./call-handling";
import { duration } from "./calls-page";
import {
  answeredByLabel,
  categoryLabel,
  categoryVariant,
  eventText,
  outcomeLabel,
  outcomeVariant,
  statusLabel,
  useCall,
  useRecordingLink,
} from "./queries";

export function CallDetailPage({ id }: { id: string }) {
  const q = useCall(id);
  return (
    <div className="flex h-full w-full min-w-0 flex-1 flex-col">
      <header className="flex items-center gap-2 border-b px-4 py-3">
        <Button asChild variant="ghost" size="sm">
          <Link href="/calls" aria-label="Back to calls">
            <ArrowLeft /> Calls
          </Link>
        </Button>
        <h1 className="text-base font-semibold">{q.data ? (q.data.call.contact?.name ?? q.data.call.to) : "Call"}</h1>
        {q.data ? (
          <Badge variant={categoryVariant(q.data.call.category)} data-testid="call-detail-state">
            {categoryLabel[q.data.call.category]}
          </Badge>
        ) : null}
        {q.data?.call.sandbox ? (
          <Badge variant="warning" data-testid="call-sandbox">
            Sandbox
          </Badge>
        ) : null}
      </header>
      <div className="min-h-0 flex-1 overflow-auto p-4">
        {q.isPending ? (
          <Skeleton className="h-40 w-full max-w-3xl" />
        ) : q.isError ? (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <div className="grid max-w-4xl gap-4 lg:grid-cols-[1fr_1fr]">
            <Outcome call={q.data.call} />
            <section className="space-y-3 rounded-lg border p-4" aria-labelledby="call-facts">
              <h2 id="call-facts" className="text-sm font-semibold">
                Call
              </h2>
              <Facts call={q.data.call} />
              <Recording call={q.data.call} />
              <RecordingTranscript call={q.data.call} />
            </section>
            <Transcript turns={q.data.turns} />
            <section className="rounded-lg border p-4" aria-labelledby="call-timeline">
              <h2 id="call-timeline" className="mb-3 text-sm font-semibold">
                Timeline
              </h2>
              <ol className="space-y-2 text-[13px]" data-testid="call-timeline">
                {q.data.events.map((e) => (
                  <li key={e.id} className="flex gap-3">
                    <span className="w-20 shrink-0 text-muted-foreground tabular-nums" title={fullTime(e.at)}>
                      {new Date(e.at).toLocaleTimeString()}
                    </span>
                    <span>{eventText(e)}</span>
                  </li>
                ))}
              </ol>
            </section>
          </div>
        )}
      </div>
    </div>
  );
}

/** What was said, turn by turn (the flow's turns; an interrupted turn keeps only what was played). */
function Transcript({ turns }: { turns: FlowTurn[] }) {
  return (
    <section className="rounded-lg border p-4" aria-labelledby="call-transcript">
      <h2 id="call-transcript" className="mb-3 text-sm font-semibold">
        Transcript
      </h2>
      {!turns.length ? (
        <p className="text-[13px] text-muted-foreground" data-testid="call-transcript-empty">
          Nothing was said on this call through a flow.
        </p>
      ) : (
        <ol className="scrollbar-thin max-h-96 space-y-1.5 overflow-y-auto text-[13px]" data-testid="call-transcript">
          {turns.map((t) => (
            <li key={t.seq} data-role={t.role} className="flex gap-2">
              <span
                className={cn(
                  "w-14 shrink-0 text-xs leading-5 font-medium",
                  t.role === "agent" ? "text-primary" : "text-muted-foreground",
                )}
              >
                {t.role === "agent" ? "Agent" : "Callee"}
              </span>
              <span className={cn("min-w-0 break-words", t.interrupted && "italic")}>
                {t.text}
                {t.interrupted ? <span className="text-xs text-muted-foreground"> (interrupted)</span> : null}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** What the flow reported when the conversation ended: outcome, the fields it collected, the summary. */
function Outcome({ call }: { call: Call }) {
  const fields = Object.entries(call.fields);
  return (
    <section className="space-y-3 rounded-lg border p-4 lg:col-span-2" aria-labelledby="call-outcome">
      <div className="flex items-center gap-2">
        <h2 id="call-outcome" className="text-sm font-semibold">
          Outcome
        </h2>
        {call.outcome ? (
          <Badge variant={outcomeVariant(call.outcome)} data-testid="call-outcome">
            {outcomeLabel[call.outcome]}
          </Badge>
        ) : null}
      </div>
      {!call.outcome ? (
        <p className="text-[13px] text-muted-foreground" data-testid="call-outcome-empty">
          The conversation has not reported an outcome yet.
        </p>
      ) : (
        <>
          {call.summary ? (
            <p className="text-[13px]" data-testid="call-summary">
              {call.summary}
            </p>
          ) : null}
          {fields.length ? (
            <table className="w-full text-[13px]" data-testid="call-fields">
              <caption className="sr-only">Collected fields</caption>
              <thead>
                <tr className="border-b text-left text-muted-foreground">
                  <th scope="col" className="w-1/3 py-1 pr-3 font-medium">
                    Field
                  </th>
                  <th scope="col" className="py-1 font-medium">
                    Value
                  </th>
                </tr>
              </thead>
              <tbody>
                {fields.map(([k, v]) => (
                  <tr key={k} className="border-b last:border-0">
                    <th scope="row" className="py-1 pr-3 text-left font-normal text-muted-foreground">
                      {k.replaceAll("_", " ")}
                    </th>
                    <td className="min-w-0 break-words py-1">{String(v)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="text-[13px] text-muted-foreground">No fields were collected.</p>
          )}
        </>
      )}
      <CallHandling call={call} />
    </section>
  );
}

function Facts({ call }: { call: Call }) {
  const rows: [string, string][] = [
    ["Direction", call.direction === "inbound" ? "Inbound" : "Outbound"],
    ["From", call.from ?? "—"],
    ["To", call.to],
    ["Status", statusLabel[call.status]],
    ["Answered by", call.answeredBy ? answeredByLabel[call.answeredBy] : "—"],
    ["Duration", duration(call.durationSeconds)],
    ["Started", fullTime(call.createdAt)],
  ];
  if (call.failureReason) rows.push(["Why it failed", call.failureReason]);
  return (
    <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1.5 text-[13px]">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-muted-foreground">{k}</dt>
          <dd className="min-w-0 break-words">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Recording({ call }: { call: Call }) {
  const link = useRecordingLink();
  const stored = call.recording.state === "stored";
  const { mutate } = link;
  useEffect(() => {
    if (stored) mutate(call.id);
  }, [stored, call.id, mutate]);
  if (call.sandbox)
    return (
      <p className="text-[13px] text-muted-foreground" data-testid="call-recording">
        No recording (sandbox call).
      </p>
    );
  if (call.recording.state === "none" || call.recording.state === "pending")
    return (
      <p className="text-[13px] text-muted-foreground" data-testid="call-recording">
        {call.recording.state === "pending" ? "Downloading the recording from Twilio…" : "No recording yet."}
      </p>
    );
  if (!stored)
    return (
      <div className="rounded-md border border-dashed p-3 text-[13px]" data-testid="call-recording">
        <p className="font-medium">No recording</p>
        <p className="text-muted-foreground">{call.recording.reason ?? "Twilio did not provide one."}</p>
      </div>
    );
  return (
    <div className="space-y-2" data-testid="call-recording">
      <h3 className="flex items-center gap-1.5 text-[13px] font-medium">
        <Phone className="size-3.5" /> Recording ({duration(call.recording.durationSeconds)}, dual channel)
      </h3>
      {link.data ? (
        // biome-ignore lint/a11y/useMediaCaption: a phone recording has no caption track; the transcript comes with the flows feature.
        <audio controls preload="metadata" src={link.data.url} className="w-full" />
      ) : link.isError ? (
        <ErrorState error={link.error} onRetry={() => mutate(call.id)} />
      ) : (
        <Skeleton className="h-10 w-full" />
      )}
      {link.data ? (
        <Button asChild variant="outline" size="sm">
          <a href={link.data.url} download>
            Download
          </a>
        </Button>
      ) : null}
    </div>
  );
}
