import { useAgents } from "@/features/agents/queries";
import { useLabels } from "@/features/labels/queries";
import { useTeams } from "@/features/routing/queries";
import { useChannels } from "@/features/settings/channels/queries";
import { selectCls } from "@/features/tickets/create-ticket-dialog";
import { cn } from "@/lib/utils";
import type { ReportFilters } from "./queries";
import { SearchSelect } from "./search-select";

export const localDate = (d: Date) => {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};
export const daysAgo = (n: number) => localDate(new Date(Date.now() - n * 86_400_000));

type Set = (p: Partial<ReportFilters>) => void;

/** The date range and its presets (the header's first line). */
export function RangeFilters({ filters, set }: { filters: ReportFilters; set: Set }) {
  return (
    <div className="flex items-center gap-2">
      <label className="flex items-center gap-1 text-[12px] text-muted-foreground">
        From
        <input
          type="date"
          className={cn(selectCls, "w-36")}
          value={filters.from}
          max={filters.to}
          onChange={(e) => e.target.value && set({ from: e.target.value })}
          data-testid="filter-from"
        />
      </label>
      <label className="flex items-center gap-1 text-[12px] text-muted-foreground">
        To
        <input
          type="date"
          className={cn(selectCls, "w-36")}
          value={filters.to}
          min={filters.from}
          onChange={(e) => e.target.value && set({ to: e.target.value })}
          data-testid="filter-to"
        />
      </label>
      <select
        aria-label="Range preset"
        className={cn(selectCls, "w-32")}
        value=""
        onChange={(e) => {
          const n = Number(e.target.value);
          if (n) set({ from: daysAgo(n - 1), to: localDate(new Date()) });
        }}
      >
        <option value="">Quick range…</option>
        <option value="1">Today</option>
        <option value="7">Last 7 days</option>
        <option value="30">Last 30 days</option>
        <option value="90">Last 90 days</option>
      </select>
    </div>
  );
}

/** Channel, agent, team and tag (searchable pickers), and calendar or business hours: one line. */
export function FilterRow({ filters, set }: { filters: ReportFilters; set: Set }) {
  const channels = useChannels().data ?? [];
  const agents = useAgents().data ?? [];
  const teams = useTeams().data ?? [];
  const labels = useLabels().data ?? [];
  const pick = "w-36";
  return (
    <div className="flex items-center gap-2" data-testid="filter-row">
      <SearchSelect
        label="Channel"
        allLabel="All channels"
        className={pick}
        options={channels.map((c) => ({ value: c.id, label: c.name }))}
        value={filters.channel}
        onChange={(channel) => set({ channel })}
        testId="filter-channel"
      />
      <SearchSelect
        label="Agent"
        allLabel="All agents"
        className={pick}
        options={agents.map((a) => ({ value: a.id, label: a.name }))}
        value={filters.agent}
        onChange={(agent) => set({ agent })}
        testId="filter-agent"
      />
      <SearchSelect
        label="Team"
        allLabel="All teams"
        className={pick}
        options={teams.map((t) => ({ value: t.id, label: t.name }))}
        value={filters.team}
        onChange={(team) => set({ team })}
        testId="filter-team"
      />
      <SearchSelect
        label="Tag"
        allLabel="All tags"
        className={pick}
        options={labels.map((l) => ({ value: l.id, label: l.name, color: l.color }))}
        value={filters.tag}
        onChange={(tag) => set({ tag })}
        testId="filter-tag"
      />
      <select
        aria-label="Hours"
        className={cn(selectCls, "w-36")}
        value={filters.hours}
        onChange={(e) => set({ hours: e.target.value as ReportFilters["hours"] })}
      >
        <option value="calendar">Calendar hours</option>
        <option value="business">Business hours</option>
      </select>
    </div>
  );
}
