import {
  agentsReport,
  aiFunnelReport,
  channelsReport,
  csatReport,
  drillDownQuery,
  drillDownResult,
  heatmapReport,
  liveTiles as liveTilesSchema,
  qualityReport,
  type ReportChart,
  type ReportQuery,
  reportQuery,
  responseTimesReport,
  slaReport,
  type TicketsReport,
  ticketsReport,
  volumeReport,
} from "@switchboard/contracts";
import type { z } from "zod";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { defineRoute } from "../../platform/http/route";
import { sendCsv } from "./csv";
import { drillDown } from "./drill-down";
import { reportRange } from "./filters";
import { liveTiles, type SlaLiveSource } from "./live";
import * as o from "./outcome-queries";
import * as q from "./report-queries";

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
    tickets?: (
      db: Db,
      q: { from: Date; to: Date; timeZone: string; agent?: string; team?: string },
    ) => Promise<TicketsReport>;
  } = {},
) {
  const tags = ["reports"];
  const tickets = opts.tickets;
  return [
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
              const { from, to } = reportRange(query, new Date());
              const data = await tickets(ctx.db, {
                from,
                to,
                timeZone: query.timeZone,
                ...(query.agent ? { agent: query.agent } : {}),
                ...(query.team ? { team: query.team } : {}),
              });
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
        const result = await drillDown(ctx.db, query, new Date(), { all: csv });
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
