import type { CallCategory, LatencyStats, LiveCall } from "@switchboard/contracts";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { Link } from "wouter";
import { EmptyState, ErrorState } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { type ChartConfig, ChartContainer, ChartTooltipContent } from "@/components/ui/chart";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/utils";
import { campaignStatusLabel, campaignStatusVariant } from "./campaign-queries";
import { categoryLabel, categoryVariant, useCallDashboard } from "./queries";

const TILES: CallCategory[] = [
  "queued",
  "ringing",
  "in_progress",
  "completed",
  "failed",
  "busy",
  "no_answer",
  "voicemail",
];
const STAGES = [
  { key: "asr", label: "Speech recognition" },
  { key: "llmFirstToken", label: "LLM first token" },
  { key: "ttsFirstAudio", label: "TTS first audio" },
  { key: "voiceToVoice", label: "Voice to voice" },
] as const;
const chartConfig = {
  p50: { label: "p50", color: "var(--primary)" },
  p90: { label: "p90", color: "var(--chart-2, var(--muted-foreground))" },
} satisfies ChartConfig;
const msText = (v: number | null) => (v == null ? "—" : `${v} ms`);

/** /calls/live: calls by state, live transcripts (call.turn), latency p50/p90 per stage, campaign outcomes. */
export function LiveDashboardPage() {
  const q = useCallDashboard();
  const d = q.data;
  return (
    <div className="flex h-full w-full min-w-0 flex-1 flex-col" data-testid="call-dashboard">
      <header className="flex items-center gap-2 border-b px-4 py-3">
        <h1 className="mr-auto text-base font-semibold">Live calls</h1>
        <span className="text-xs text-muted-foreground">Last 24 hours · updates live</span>
        <Link href="/calls" className="text-sm text-primary hover:underline">
          All calls
        </Link>
      </header>
      <div className="min-h-0 flex-1 space-y-4 overflow-auto p-4">
        {q.isPending ? (
          <div className="grid grid-cols-4 gap-2">
            {TILES.map((t) => (
              <Skeleton key={t} className="h-16" />
            ))}
          </div>
        ) : q.isError ? (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        ) : d ? (
          <>
            <section aria-label="Calls by state" className="grid grid-cols-4 gap-2">
              {TILES.map((c) => (
                <div key={c} className="rounded-lg border bg-card p-3" data-testid={`call-tile-${c}`}>
                  <div className="text-xs text-muted-foreground">{categoryLabel[c]}</div>
                  <div className="text-2xl font-semibold tabular-nums">{d.byCategory[c] ?? 0}</div>
                </div>
              ))}
            </section>
            <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
              <section className="rounded-lg border bg-card p-3" aria-label="Calls in progress">
                <h2 className="mb-2 text-sm font-semibold">In progress ({d.live.length})</h2>
                {d.live.length ? (
                  <div className="space-y-3">
                    {d.live.map((l) => (
                      <LiveTranscript key={l.call.id} live={l} />
                    ))}
                  </div>
                ) : (
                  <EmptyState title="No call in progress" description="Calls appear here when they are answered." />
                )}
              </section>
              <section className="rounded-lg border bg-card p-3" aria-label="Latency">
                <h2 className="mb-2 text-sm font-semibold">
                  Latency per turn · {d.latency.turns} turns · {d.latency.interruptions} interruptions
                </h2>
                <LatencyChart stats={d.latency} />
              </section>
            </div>
            <section className="rounded-lg border bg-card p-3" aria-label="Campaigns">
              <h2 className="mb-2 text-sm font-semibold">Call campaigns</h2>
              {d.campaigns.length ? (
                <table className="w-full text-sm">
                  <thead className="text-left text-xs text-muted-foreground">
                    <tr>
                      <th className="py-1">Campaign</th>
                      <th>Status</th>
                      <th>Done</th>
                      <th>Interested</th>
                      <th>Not interested</th>
                      <th>Call back</th>
                      <th>Voicemail</th>
                      <th>No answer</th>
                      <th>p50 / p90</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.campaigns.map((c) => (
                      <tr key={c.id} className="border-t" data-testid="dashboard-campaign">
                        <td className="py-1.5 font-medium">
                          <Link href={`/call-campaigns/${c.id}`} className="hover:underline">
                            {c.name}
                          </Link>
                        </td>
                        <td>
                          <Badge variant={campaignStatusVariant(c.status)}>{campaignStatusLabel[c.status]}</Badge>
                        </td>
                        <td className="tabular-nums">
                          {c.counts.byState.settled}/{c.counts.total}
                        </td>
                        {(["interested", "not_interested", "call_back", "voicemail", "no_answer"] as const).map((o) => (
                          <td key={o} className="tabular-nums">
                            {(c.counts.byOutcome as Record<string, number>)[o] ?? 0}
                          </td>
                        ))}
                        <td className="tabular-nums text-xs">
                          {msText(c.latency.stages.voiceToVoice.p50)} / {msText(c.latency.stages.voiceToVoice.p90)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <EmptyState
                  title="No call campaign"
                  description="Running and recent campaigns show their outcomes here."
                />
              )}
            </section>
          </>
        ) : null}
      </div>
    </div>
  );
}

function LiveTranscript({ live }: { live: LiveCall }) {
  const { call, turns } = live;
  return (
    <article className="rounded-md border p-2" data-testid="live-call">
      <div className="mb-1 flex items-center gap-2 text-sm">
        <Link href={`/calls/${call.id}`} className="font-medium hover:underline">
          {call.contact?.name ?? call.to}
        </Link>
        <Badge variant={categoryVariant(call.category)}>{categoryLabel[call.category]}</Badge>
        {call.sandbox ? <Badge variant="warning">Sandbox</Badge> : null}
        <span className="ml-auto text-xs text-muted-foreground">
          v2v p50 {msText(live.latency.stages.voiceToVoice.p50)} · {live.latency.interruptions} interruptions
        </span>
      </div>
      <ol className="max-h-48 space-y-1 overflow-auto text-sm" data-testid="live-transcript">
        {turns.map((t) => (
          <li key={t.seq} className={cn(t.role === "agent" ? "text-foreground" : "text-muted-foreground")}>
            <span className="mr-1 text-xs font-semibold uppercase">{t.role === "agent" ? "Agent" : "Callee"}</span>
            {t.text}
            {t.interrupted && <span className="ml-1 text-xs text-warning">(cut off)</span>}
          </li>
        ))}
        {!turns.length && <li className="text-xs text-muted-foreground">Waiting for the first words…</li>}
      </ol>
    </article>
  );
}

function LatencyChart({ stats }: { stats: LatencyStats }) {
  const rows = STAGES.map((s) => ({ label: s.label, p50: stats.stages[s.key].p50, p90: stats.stages[s.key].p90 }));
  if (!stats.turns)
    return <EmptyState title="No turns measured yet" description="Latency appears after the first reply." />;
  return (
    <>
      <ChartContainer config={chartConfig} className="h-48" aria-label="Latency p50 and p90 per stage">
        <BarChart data={rows} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
          <CartesianGrid vertical={false} strokeOpacity={0.2} />
          <XAxis dataKey="label" tickLine={false} axisLine={false} fontSize={11} />
          <YAxis unit=" ms" width={64} tickLine={false} axisLine={false} fontSize={11} />
          <Tooltip content={<ChartTooltipContent config={chartConfig} />} />
          <Legend />
          <Bar dataKey="p50" fill="var(--color-p50)" radius={3} isAnimationActive={false} />
          <Bar dataKey="p90" fill="var(--color-p90)" radius={3} isAnimationActive={false} />
        </BarChart>
      </ChartContainer>
      <dl className="mt-2 grid grid-cols-4 gap-2 text-xs" data-testid="latency-numbers">
        {STAGES.map((s) => (
          <div key={s.key}>
            <dt className="text-muted-foreground">{s.label}</dt>
            <dd className="tabular-nums">
              {msText(stats.stages[s.key].p50)} / {msText(stats.stages[s.key].p90)}
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}
