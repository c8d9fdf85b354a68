import type { Campaign, FollowUpStats } from "@switchboard/contracts";

const cells: [keyof FollowUpStats, string][] = [
  ["due", "scheduled"],
  ["pending", "waiting"],
  ["sent", "sent"],
  ["delivered", "delivered"],
  ["read", "read"],
  ["replied", "replied"],
  ["skipped", "skipped"],
  ["failed", "failed"],
];

/** The follow-up's row of the report: its template and condition, then its own funnel. */
export function FollowUpReport({
  followUp,
  stats,
}: {
  followUp: NonNullable<Campaign["followUp"]>;
  stats?: FollowUpStats;
}) {
  return (
    <section className="rounded-lg border p-4 text-[13px]" data-testid="follow-up-report">
      <h2 className="mb-1 font-medium">Follow-up</h2>
      <p className="mb-3 text-xs text-muted-foreground">
        {followUp.templateName} · {followUp.afterHours} h after the first message, if{" "}
        {followUp.when === "no_reply" ? "no reply" : "not read"}
      </p>
      <div className="grid grid-cols-4 gap-2 sm:grid-cols-8">
        {cells.map(([k, label]) => (
          <div key={k} className="rounded-md border px-2 py-1.5">
            <div className="text-lg font-semibold tabular-nums">{stats ? stats[k] : "—"}</div>
            <div className="text-xs text-muted-foreground">{label}</div>
          </div>
        ))}
      </div>
    </section>
  );
}
