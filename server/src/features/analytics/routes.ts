import {
  agentsReport,
  aiFunnelReport,
  channelsReport,
  csatReport,
  drillDownQuery,
  drillDownResult,
  heatmapReport,
  knowledgeGapsReport as knowledgeGapsSchema,
  liveTiles as liveTilesSchema,
  qualityReport,
  type ReportChart,
  type ReportQuery,
  reportQuery,
  responseTimesReport,
  slaReport,
  type TicketsDrillDownResult,
  type TicketsReport,
  ticketsDrillDownQuery,
  ticketsDrillDownResult,
  ticketsReport,
  volumeReport,
} from "@switchboard/contracts";
import { type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { AppError } from "../../platform/errors";
import { defineRoute } from "../../platform/http/route";
import { sendCsv } from "./csv";
import { drillDown } from "./drill-down";
import { dimensionFilter, reportRange } from "./filters";
import { type GapSource, inIds, knowledgeGapConversations, knowledgeGapsReport } from "./knowledge-gaps";
import { liveTiles, type SlaLiveSource } from "./live";
import * as o from "./outcome-queries";
import * as q from "./report-queries";

/** The tickets feature's counts (app.ts wires them): analytics resolves the range, tickets counts. */
type TicketsQuery = { from: Date; to: Date; timeZone: string; agent?: string; team?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Chart = {
  path: ReportChart;
  summary: string;
  response: z.ZodType;
  run: (db: Db, query: ReportQuery, now: Date) => Promise<{ rows: object[] }>;
};

const charts: Chart[] = [
  { path: "volume", summary: "Conversations by channel per local day", response: volumeReport, run: q.volumeReport },
  {
    path: "response-times",
    summary: "First response and resolution time per local day: median and p90, calendar or business seconds",
    response: responseTimesReport,
    run: q.responseTimesReport,
  },
  {
    path: "ai-funnel",
    summary: "AI involvement, resolution (confirmed and assumed apart), automation rate, handoff reasons",
    response: aiFunnelReport,
    run: q.aiFunnelReport,
  },
  {
    path: "heatmap",
    summary: "Conversations by weekday and hour (local)",
    response: heatmapReport,
    run: q.heatmapReport,
  },
  {
    path: "agents",
    summary: "Per agent: handled, resolved, median first response and resolution, CSAT, SLA hit rate, quality",
    response: agentsReport,
    run: q.agentsReport,
  },
  {
    path: "channels",
    summary: "Per channel: conversations, resolutions, AI, median times",
    response: channelsReport,
    run: q.channelsReport,
  },
  {
    path: "sla",
    summary: "SLA hit rate per target (first reply, next reply, periodic update, resolution)",
    response: slaReport,
    run: o.slaReport,
  },
  {
    path: "csat",
    summary: "CSAT: conversations per latest rating, answered, average",
    response: csatReport,
    run: o.csatReport,
  },
  {
    path: "quality",
    summary: "AI quality score: conversations per latest overall score, scored, averages per dimension",
    response: qualityReport,
    run: o.qualityReport,
  },
];

/**
 * The dashboard's reports (agents and admins). Every chart's rows carry a `bucket`, which
 * `/api/reports/conversations?chart=…&bucket=…` turns into exactly the conversations behind it;
 * `format=csv` answers the same rows as CSV.
 */
export function analyticsRoutes(
  ctx: AppContext,
  opts: {
    sla?: SlaLiveSource;
    /** The tickets feature's report (app.ts wires it): analytics resolves the range, tickets counts. */
    tickets?: (db: Db, q: TicketsQuery) => Promise<TicketsReport>;
    /** The tickets behind a bucket of the tickets report (the tickets feature's ticketsReportDrillDown). */
    ticketsDrillDown?: (
      db: Db,
      q: TicketsQuery & { bucket?: string; limit: number },
      opts: { all?: boolean },
    ) => Promise<TicketsDrillDownResult>;
    /** The questions the AI could not answer (the ai feature's unansweredQuestions). */
    gaps?: GapSource;
  } = {},
) {
  const tags = ["reports"];
  const { tickets, ticketsDrillDown, gaps } = opts;
  const ticketsQuery = (query: ReportQuery): TicketsQuery => ({
    ...reportRange(query, new Date()),
    timeZone: query.timeZone,
    ...(query.agent ? { agent: query.agent } : {}),
    ...(query.team ? { team: query.team } : {}),
  });
  return [
    ...(ticketsDrillDown
      ? [
          defineRoute({
            method: "get",
            path: "/api/reports/tickets/drill-down",
            guard: "agent",
            summary:
              "The tickets behind a day (created:, solved:, backlog:<day>) or priority (priority:<p>[:solved|open]) of the tickets report; CSV with format=csv",
            tags,
            query: ticketsDrillDownQuery,
            response: ticketsDrillDownResult,
            handler: async ({ query, res }) => {
              const csv = query.format === "csv";
              const result = await ticketsDrillDown(
                ctx.db,
                { ...ticketsQuery(query), ...(query.bucket ? { bucket: query.bucket } : {}), limit: query.limit },
                { all: csv },
              );
              return csv ? sendCsv(res, "tickets-drill-down", result.items) : result;
            },
          }),
        ]
      : []),
    ...(gaps
      ? [
          defineRoute({
            method: "get",
            path: "/api/reports/knowledge-gaps",
            guard: "agent",
            summary:
              "Unanswered questions (low-confidence and out-of-knowledge handoffs, answers marked wrong) in the range, grouped by similarity; CSV with format=csv",
            tags,
            query: reportQuery,
            response: knowledgeGapsSchema,
            handler: async ({ query, res }) => {
              const data = await knowledgeGapsReport(ctx.db, gaps, query, new Date());
              return query.format === "csv" ? sendCsv(res, "knowledge-gaps", data.rows) : data;
            },
          }),
        ]
      : []),
    ...(tickets
      ? [
          defineRoute({
            method: "get",
            path: "/api/reports/tickets",
            guard: "agent",
            summary:
              "Tickets per local day (created, solved, backlog at the day's end) and per priority; CSV with format=csv",
            tags,
            query: reportQuery,
            response: ticketsReport,
            handler: async ({ query, res }) => {
              const data = await tickets(ctx.db, ticketsQuery(query));
              return query.format === "csv" ? sendCsv(res, "tickets", data.rows) : data;
            },
          }),
        ]
      : []),
    defineRoute({
      method: "get",
      path: "/api/reports/live",
      guard: "agent",
      summary: "Live tiles: open, waiting (and the longest wait), unassigned, AI handling, agents online, SLA",
      tags,
      response: liveTilesSchema,
      handler: () => liveTiles(ctx.db, new Date(), opts.sla),
    }),
    defineRoute({
      method: "get",
      path: "/api/reports/conversations",
      guard: "agent",
      summary: "The conversation fact rows behind a chart's bucket (or all of the range); CSV with format=csv",
      tags,
      query: drillDownQuery,
      response: drillDownResult,
      handler: async ({ query, res }) => {
        const csv = query.format === "csv";
        const now = new Date();
        // A knowledge gap's conversations: its group's, whenever they were created (the range is the questions').
        let where: SQL | undefined;
        if (query.chart === "knowledge-gaps") {
          if (!gaps) throw new AppError("validation_failed", "The knowledge-gaps report is not available");
          if (query.bucket !== undefined && !UUID.test(query.bucket))
            throw new AppError("validation_failed", `Unknown bucket "${query.bucket}" for chart "knowledge-gaps"`);
          const ids = await knowledgeGapConversations(ctx.db, gaps, query, query.bucket, now);
          where = sql`${inIds(ids)} and ${dimensionFilter(query)}`;
        }
        const result = await drillDown(ctx.db, query, now, { all: csv, ...(where ? { where } : {}) });
        return csv ? sendCsv(res, "conversations", result.items) : result;
      },
    }),
    ...charts.map((c) =>
      defineRoute({
        method: "get",
        path: `/api/reports/${c.path}`,
        guard: "agent",
        summary: c.summary,
        tags,
        query: reportQuery,
        response: c.response,
        handler: async ({ query, res }) => {
          const data = await c.run(ctx.db, query, new Date());
          return query.format === "csv" ? sendCsv(res, c.path, data.rows) : data;
        },
      }),
    ),
  ];
}
