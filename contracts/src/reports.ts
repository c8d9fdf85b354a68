import { z } from "zod";
import { isoDate, text } from "./common";
import { channelTypeSchema } from "./channels";

const validZone = (z0: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: z0 });
    return true;
  } catch {
    return false;
  }
};

/** A local date (the whole day in `timeZone`) or an instant with an offset. */
const dateOrInstant = text().refine(
  (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) || !Number.isNaN(Date.parse(v)),
  "A date (YYYY-MM-DD) or an ISO 8601 timestamp",
);

/** The charts of the dashboard; each names the drill-down buckets of its points, cells and rows. */
export const reportCharts = [
  "volume",
  "response-times",
  "ai-funnel",
  "heatmap",
  "agents",
  "channels",
  "sla",
  "csat",
  "quality",
  "tickets",
  "knowledge-gaps",
] as const;
export type ReportChart = (typeof reportCharts)[number];

/**
 * Filters every report takes. `from` / `to`: dates are whole local days in `timeZone` (`to`
 * included), instants are taken as given (`to` excluded); default the last 30 days. Conversations
 * count in the range by their creation time.
 */
export const reportQuery = z.object({
  from: dateOrInstant.optional(),
  to: dateOrInstant.optional(),
  timeZone: text().max(64).refine(validZone, "An IANA time zone").default("UTC"),
  channel: z.uuid().optional(),
  agent: z.uuid().optional(),
  team: z.uuid().optional(),
  tag: z.uuid().optional().describe("A label id"),
  hours: z.enum(["calendar", "business"]).default("calendar").describe("Durations in calendar or business seconds"),
  format: z.enum(["json", "csv"]).default("json"),
});
export type ReportQuery = z.infer<typeof reportQuery>;

export const drillDownQuery = reportQuery.extend({
  chart: z.enum(reportCharts).optional(),
  bucket: text().max(200).optional().describe("The point, cell or row of `chart` (its rows' `bucket`)"),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type DrillDownQuery = z.infer<typeof drillDownQuery>;

const seconds = z.number().nullable();

export const volumeReport = z.object({
  rows: z.array(
    z.object({
      bucket: text().describe("YYYY-MM-DD|channelId"),
      day: text(),
      channelId: z.uuid(),
      channelName: text(),
      conversations: z.number().int(),
    }),
  ),
});
export type VolumeReport = z.infer<typeof volumeReport>;

export const responseTimesReport = z.object({
  hours: z.enum(["calendar", "business"]),
  rows: z.array(
    z.object({
      bucket: text().describe('YYYY-MM-DD; drill with "first_response:<day>" or "resolution:<day>"'),
      day: text(),
      responded: z.number().int(),
      firstResponseMedian: seconds,
      firstResponseP90: seconds,
      resolved: z.number().int(),
      resolutionMedian: seconds,
      resolutionP90: seconds,
    }),
  ),
});
export type ResponseTimesReport = z.infer<typeof responseTimesReport>;

export const aiFunnelReport = z.object({
  rows: z.array(
    z.object({
      bucket: text().describe("all, involved, confirmed, assumed, unresolved, handoff, handoff:<rule>"),
      kind: z.enum(["step", "handoff_reason"]),
      label: text(),
      conversations: z.number().int(),
    }),
  ),
  rates: z.object({
    involvement: z.number().nullable(),
    resolution: z.number().nullable().describe("(confirmed + assumed) / involved"),
    confirmedResolution: z.number().nullable(),
    assumedResolution: z.number().nullable(),
    automation: z.number().nullable().describe("involvement × resolution"),
  }),
});
export type AiFunnelReport = z.infer<typeof aiFunnelReport>;

export const heatmapReport = z.object({
  rows: z.array(
    z.object({
      bucket: text().describe("<isoWeekday>:<hour>"),
      weekday: z.number().int().describe("1 = Monday … 7 = Sunday"),
      hour: z.number().int(),
      conversations: z.number().int(),
    }),
  ),
});
export type HeatmapReport = z.infer<typeof heatmapReport>;

export const agentsReport = z.object({
  rows: z.array(
    z.object({
      bucket: text().describe('The agent id, or "none"'),
      agentId: z.uuid().nullable(),
      agentName: text().nullable(),
      handled: z.number().int(),
      resolved: z.number().int(),
      firstResponseMedian: seconds,
      resolutionMedian: seconds,
      csatAnswered: z.number().int().describe("Conversations with a CSAT rating"),
      csatAverage: z.number().nullable().describe("Average of their latest ratings (1-5)"),
      slaHit: z.number().int().describe("SLA targets hit (every target of every clock that ended)"),
      slaMissed: z.number().int(),
      slaHitRate: z.number().nullable(),
      qualityScored: z.number().int().describe("Conversations with an AI quality score"),
      qualityAverage: z.number().nullable().describe("Average overall quality score (1-5)"),
    }),
  ),
});
export type AgentsReport = z.infer<typeof agentsReport>;

export const channelsReport = z.object({
  rows: z.array(
    z.object({
      bucket: text().describe("The channel id"),
      channelId: z.uuid(),
      channelName: text(),
      channelType: channelTypeSchema,
      conversations: z.number().int(),
      resolved: z.number().int(),
      aiInvolved: z.number().int(),
      aiResolved: z.number().int(),
      firstResponseMedian: seconds,
      resolutionMedian: seconds,
    }),
  ),
});
export type ChannelsReport = z.infer<typeof channelsReport>;

export const slaReport = z.object({
  rows: z.array(
    z.object({
      bucket: text().describe(
        'The target (firstReply, nextReply, periodicUpdate, resolution); drill "<target>:hit" or "<target>:missed" too',
      ),
      metric: text(),
      hit: z.number().int().describe("Targets met (a conversation can have several next replies)"),
      missed: z.number().int(),
      hitRate: z.number().nullable().describe("hit / (hit + missed)"),
      conversations: z.number().int().describe("Conversations with an ended target of this metric"),
    }),
  ),
});
export type SlaReport = z.infer<typeof slaReport>;

export const csatReport = z.object({
  rows: z.array(
    z.object({
      bucket: text().describe("The rating, 1-5"),
      rating: z.number().int(),
      conversations: z.number().int().describe("Conversations whose latest CSAT rating is this"),
    }),
  ),
  answered: z.number().int(),
  average: z.number().nullable(),
  surveyed: z.number().int().describe("Conversations a survey was sent to"),
  resolved: z.number().int().describe("Resolved conversations of the range and filters"),
  responseRate: z.number().nullable().describe("answered / surveyed"),
  coverage: z.number().nullable().describe("The share of resolved conversations with a rating"),
});
export type CsatReport = z.infer<typeof csatReport>;

/** The AI quality score (issue 10 §5): conversations per latest overall score, the mean of resolution, sentiment and service. */
export const qualityReport = z.object({
  rows: z.array(
    z.object({
      bucket: text().describe("The overall score, 1-5"),
      score: z.number().int(),
      conversations: z.number().int().describe("Conversations whose latest overall quality score rounds to this"),
    }),
  ),
  scored: z.number().int(),
  average: z.number().nullable().describe("Average overall score of the scored conversations"),
  dimensions: z.object({
    resolution: z.number().nullable(),
    sentiment: z.number().nullable(),
    service: z.number().nullable(),
  }),
});
export type QualityReport = z.infer<typeof qualityReport>;

const ticketPriorityValues = ["low", "normal", "high", "urgent"] as const;
/**
 * Tickets over the range (issue 10 §4): per local day, created, solved, and the backlog at the day's
 * end (created by then, neither solved nor closed by then); per priority, of the tickets created
 * in the range. Its points open tickets (the tickets page), not conversations.
 */
export const ticketsReport = z.object({
  rows: z.array(
    z.object({
      bucket: text().describe("The local day, YYYY-MM-DD"),
      day: text(),
      created: z.number().int(),
      solved: z.number().int(),
      backlog: z.number().int(),
    }),
  ),
  byPriority: z.array(
    z.object({
      priority: z.enum(ticketPriorityValues),
      created: z.number().int(),
      solved: z.number().int(),
      open: z.number().int().describe("Of those, neither solved nor closed now"),
    }),
  ),
});
export type TicketsReport = z.infer<typeof ticketsReport>;

/**
 * The tickets behind a point or row of the tickets report: `created:<day>`, `solved:<day>`,
 * `backlog:<day>` (the day's end), `priority:<p>` (created in the range) or
 * `priority:<p>:solved|open`; no bucket: every ticket created in the range.
 */
export const ticketsDrillDownQuery = reportQuery.extend({
  bucket: text().max(60).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type TicketsDrillDownQuery = z.infer<typeof ticketsDrillDownQuery>;

export const reportTicketSchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  subject: text(),
  status: text(),
  priority: z.enum(ticketPriorityValues),
  assigneeName: text().nullable(),
  teamName: text().nullable(),
  createdAt: isoDate,
  solvedAt: isoDate.nullable(),
  closedAt: isoDate.nullable(),
});
export type ReportTicket = z.infer<typeof reportTicketSchema>;

export const ticketsDrillDownResult = z.object({
  total: z.number().int().describe("Every ticket behind the bucket (items stop at limit)"),
  items: z.array(reportTicketSchema),
});
export type TicketsDrillDownResult = z.infer<typeof ticketsDrillDownResult>;

/**
 * Unanswered questions (the knowledge gaps): what customers asked that the AI could not answer,
 * grouped by similarity. `bucket` names the group for the conversations drill-down.
 */
export const knowledgeGapsReport = z.object({
  rows: z.array(
    z.object({
      bucket: text().describe("The group (the id of one of its questions)"),
      question: text().describe("The group's newest question, as the customer wrote it"),
      count: z.number().int().describe("Questions in the group"),
      conversations: z.number().int(),
      lowConfidence: z.number().int().describe("Handed off: no knowledge close enough (the matcher)"),
      notInKnowledge: z.number().int().describe("Handed off by the model: not in the knowledge"),
      markedWrong: z.number().int().describe("Answered, and an agent marked the answer wrong"),
      lastSeenAt: isoDate,
    }),
  ),
  questions: z.number().int().describe("Questions read (at most 2000, the newest)"),
});
export type KnowledgeGapsReport = z.infer<typeof knowledgeGapsReport>;

/** One conversation's fact row: what every chart counts. */
export const conversationFactSchema = z.object({
  conversationId: z.uuid(),
  channelId: z.uuid(),
  channelType: channelTypeSchema,
  channelName: text(),
  teamId: z.uuid().nullable(),
  teamName: text().nullable(),
  agentId: z.uuid().nullable(),
  agentName: text().nullable(),
  contactName: text().nullable(),
  status: text(),
  createdAt: isoDate,
  firstResponseAt: isoDate.nullable(),
  firstResponseSeconds: z.number().int().nullable(),
  firstResponseBusinessSeconds: z.number().int().nullable(),
  resolvedAt: isoDate.nullable(),
  resolutionSeconds: z.number().int().nullable(),
  resolutionBusinessSeconds: z.number().int().nullable(),
  resolvedBy: z.enum(["ai", "human"]).nullable(),
  handledBy: z.enum(["ai", "human"]).nullable(),
  aiInvolved: z.boolean(),
  aiResolution: z.enum(["confirmed", "assumed", "unresolved"]).nullable(),
  handoffRule: text().nullable(),
  handoffReason: text().nullable(),
  reopenCount: z.number().int(),
  messagesIn: z.number().int(),
  messagesOut: z.number().int(),
});
export type ConversationFact = z.infer<typeof conversationFactSchema>;

export const drillDownResult = z.object({
  total: z.number().int().describe("Every conversation behind the bucket (items stop at limit)"),
  items: z.array(conversationFactSchema),
});
export type DrillDownResult = z.infer<typeof drillDownResult>;

export const liveTiles = z.object({
  open: z.number().int(),
  waiting: z.number().int().describe("Open conversations whose customer waits for an answer"),
  longestWaitSeconds: z.number().int().nullable(),
  unassigned: z.number().int(),
  aiHandling: z.number().int(),
  agentsOnline: z.number().int(),
  slaAtRisk: z.number().int().nullable().describe("Null until SLA clocks report"),
  slaBreachedToday: z.number().int().nullable().describe("Null until SLA clocks report"),
  at: isoDate,
});
export type LiveTiles = z.infer<typeof liveTiles>;
