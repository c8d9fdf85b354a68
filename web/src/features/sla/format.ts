import type { SlaCondition, SlaMetric, SlaTarget } from "@switchboard/contracts";

export const selectClass =
  "h-8 w-full rounded-md border border-input bg-background px-2 text-[13px] shadow-xs outline-none focus-visible:ring-2 focus-visible:ring-ring/30 dark:bg-input/20";

export const METRIC_LABELS: Record<SlaMetric, string> = {
  firstReply: "First reply",
  nextReply: "Next reply",
  periodicUpdate: "Periodic update",
  resolution: "Resolution",
  requesterWait: "Requester wait",
  agentWork: "Agent work time",
};

export const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

/** "90 min" reads worse than "1 h 30 min"; whole days stay in hours (targets are rarely over a week). */
export function formatMinutes(m: number): string {
  const h = Math.floor(m / 60);
  const rest = m % 60;
  if (!h) return `${rest} min`;
  return rest ? `${h} h ${rest} min` : `${h} h`;
}

export function formatTarget(t: SlaTarget | null | undefined): string {
  if (!t) return "—";
  return `${formatMinutes(t.minutes)} (${t.hours})`;
}

/** One line per condition, with team ids shown by name when the caller knows them. */
export function describeCondition(c: SlaCondition, teamName: (id: string) => string = (id) => id): string {
  switch (c.field) {
    case "priority":
      return `Priority is ${c.in.join(" or ")}`;
    case "channel":
      return `Channel is ${c.in.join(" or ")}`;
    case "team":
      return `Team is ${c.in.map(teamName).join(" or ")}`;
    case "tag":
      return `Tagged ${c.in.join(" or ")}`;
    case "contactField":
      if (c.op === "exists") return `Contact ${c.key} is set`;
      if (c.op === "equals") return `Contact ${c.key} = ${c.values[0] ?? ""}`;
      return `Contact ${c.key} in ${c.values.join(", ")}`;
  }
}

/** The time zones this browser knows; the server checks the same IANA names. */
export function timeZones(): string[] {
  try {
    const zones = Intl.supportedValuesOf("timeZone");
    return zones.includes("UTC") ? zones : ["UTC", ...zones];
  } catch {
    return ["UTC"];
  }
}

let next = 0;
/** A key for a row the form adds and removes (the index would move state to the wrong row). */
export const rowKey = () => `row-${++next}`;
