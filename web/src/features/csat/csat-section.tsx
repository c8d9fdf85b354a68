import type { CsatSurvey, QualityScore } from "@switchboard/contracts";
import { Gauge, MessageSquareQuote, Star } from "lucide-react";
import { ErrorState } from "@/components/states";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/utils";
import { useConversationCsat } from "./queries";

function Stars({ rating }: { rating: number }) {
  return (
    <span role="img" aria-label={`${rating} out of 5`} className="inline-flex items-center gap-0.5">
      {[1, 2, 3, 4, 5].map((n) => (
        <Star
          key={n}
          aria-hidden
          className={cn("size-3.5", n <= rating ? "fill-amber-400 text-amber-400" : "text-muted-foreground/40")}
        />
      ))}
    </span>
  );
}

const surveyStatus: Record<CsatSurvey["status"], string> = {
  pending: "Sending the survey…",
  sent: "Survey sent, no answer yet",
  answered: "Answered",
  skipped: "No survey",
};

function SurveyRow({ s }: { s: CsatSurvey }) {
  return (
    <li className="flex flex-col gap-1 text-[13px]">
      <div className="flex items-center justify-between gap-2">
        {s.rating ? (
          <Stars rating={s.rating} />
        ) : (
          <span className="text-muted-foreground">{surveyStatus[s.status]}</span>
        )}
        <span className="text-[11px] text-muted-foreground">
          {s.resolvedBy === "ai" ? "AI resolution" : "Resolution"} · {new Date(s.createdAt).toLocaleDateString()}
        </span>
      </div>
      {s.comment ? (
        <p className="flex gap-1.5 rounded-md bg-muted/60 px-2 py-1.5 text-[12px]">
          <MessageSquareQuote aria-hidden className="mt-0.5 size-3.5 shrink-0 text-muted-foreground" />
          <span className="min-w-0 break-words">{s.comment}</span>
        </p>
      ) : null}
      {s.status === "skipped" && s.skipReason ? (
        <p className="text-[12px] text-muted-foreground">{s.skipReason}</p>
      ) : null}
    </li>
  );
}

function Score({ label, value }: { label: string; value: number }) {
  return (
    <div className="flex flex-col items-center rounded-md border px-2 py-1">
      <span className="text-[15px] font-semibold tabular-nums">{value}</span>
      <span className="text-[10px] text-muted-foreground uppercase">
        {label}
        <span className="sr-only"> out of 5</span>
      </span>
    </div>
  );
}

function QualityRow({ q }: { q: QualityScore }) {
  if (q.status === "scored" && q.resolution && q.sentiment && q.service)
    return (
      <li className="flex flex-col gap-1.5 text-[13px]">
        <div className="grid grid-cols-3 gap-1.5">
          <Score label="Resolution" value={q.resolution} />
          <Score label="Sentiment" value={q.sentiment} />
          <Score label="Service" value={q.service} />
        </div>
        {q.reason ? <p className="text-[12px]">{q.reason}</p> : null}
        <p className="text-[11px] text-muted-foreground">
          {q.model ? `Scored by ${q.model}` : "Scored"} · {new Date(q.updatedAt).toLocaleDateString()}
        </p>
      </li>
    );
  return (
    <li className="text-[12px] text-muted-foreground">
      {q.status === "pending" ? "Scoring…" : `${q.status === "failed" ? "Not scored" : "Skipped"}: ${q.reason ?? ""}`}
    </li>
  );
}

/** The conversation panel's CSAT and quality score: one entry per resolution, or why there is none. */
export function CsatSection({ conversationId }: { conversationId: string }) {
  const q = useConversationCsat(conversationId);
  return (
    <section aria-labelledby="csat-heading" className="flex flex-col gap-3 border-b px-4 py-4">
      <h3 id="csat-heading" className="text-[11px] font-semibold tracking-wide text-muted-foreground uppercase">
        Satisfaction
      </h3>
      {q.isPending ? (
        <Skeleton className="h-10 w-full" />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <>
          <div className="flex flex-col gap-2">
            <p className="flex items-center gap-1.5 text-[12px] font-medium">
              <Star aria-hidden className="size-3.5" /> CSAT
            </p>
            {q.data.surveys.length ? (
              <ul className="flex flex-col gap-3">
                {q.data.surveys.map((s) => (
                  <SurveyRow key={s.id} s={s} />
                ))}
              </ul>
            ) : (
              <p className="text-[12px] text-muted-foreground">Asked after the conversation is resolved.</p>
            )}
          </div>
          <div className="flex flex-col gap-2">
            <p className="flex items-center gap-1.5 text-[12px] font-medium">
              <Gauge aria-hidden className="size-3.5" /> Quality score
            </p>
            {q.data.quality.length ? (
              <ul className="flex flex-col gap-3">
                {q.data.quality.map((s) => (
                  <QualityRow key={s.id} q={s} />
                ))}
              </ul>
            ) : (
              <p className="text-[12px] text-muted-foreground">Scored by the AI after the conversation is resolved.</p>
            )}
          </div>
        </>
      )}
    </section>
  );
}
