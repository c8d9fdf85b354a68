/**
 * The campaign case of bench/status-throughput.ts (issue 9 §5: the funnel a campaign's page shows)
 * and the database's CPU per case. Apart from the main file so each stays readable; it imports
 * nothing from it (the load generator is passed in).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { RunningServer } from "../server/src/app";
import { batchOptions } from "../server/src/features/channels/apply-batch";
import type { DomainEvents } from "../server/src/platform/bus";
import { ms, percentile, type Row } from "./lib";

export type RunLoad = (
  url: string,
  rate: number,
  file: string,
) => Promise<{ sent: number; errors: number; p99: number }>;

export type Sql = (q: string, p?: unknown[]) => Promise<Record<string, any>[]>;

/**
 * CPU time (ms) the PostgreSQL server spends on this database's connections while `fn` runs: each
 * backend's utime + stime from /proc (the server runs on this machine), sampled every 200 ms so a
 * pooled connection that closes midway still counts up to its last sample. 0 where /proc cannot be
 * read (another machine's server).
 */
export async function dbCpuDuring<T>(sql: Sql, fn: () => Promise<T>): Promise<{ value: T; dbMs: number }> {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  const seen = new Map<number, { first: number; last: number }>();
  const sample = async (initial: boolean) => {
    for (const { pid } of await sql("select pid from pg_stat_activity where datname = current_database()")) {
      try {
        const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
        const t = (Number(f[11]) + Number(f[12])) * tick;
        const s = seen.get(pid);
        if (s) s.last = t;
        else seen.set(pid, { first: initial ? t : 0, last: t });
      } catch {}
    }
  };
  await sample(true);
  let stop = false;
  const sampler = (async () => {
    while (!stop) {
      await new Promise((r) => setTimeout(r, 200));
      await sample(false).catch(() => {});
    }
  })();
  try {
    const value = await fn();
    await sample(false);
    return { value, dbMs: [...seen.values()].reduce((a, s) => a + s.last - s.first, 0) };
  } finally {
    stop = true;
    await sampler;
  }
}

type Target = { ext: string; to: string };

/**
 * A running campaign's messages (recipients already `sent`, as after the send's answer), then Meta's
 * three statuses each. The funnel is visible when a campaign.progress event (what the campaign
 * page renders; throttled to about one a second per campaign) counts it: the k-th delivered status
 * received is visible at the first progress counting k recipients delivered or further, the k-th
 * read at the first counting k read or further (statuses apply in the order received, so the
 * order statistics pair up). The sent statuses change no count (the recipients are sent already).
 */
export async function campaignCase(
  server: RunningServer,
  sql: Sql,
  o: {
    driver: string;
    channelId: string;
    hook: string;
    rate: number;
    dataDir: string;
    seconds: number;
    customers: number;
    label: string;
    /** The load generator (status-throughput.ts runs it as a child process). */
    runLoad: RunLoad;
  },
): Promise<Row> {
  batchOptions.statuses = true;
  batchOptions.maxRound = undefined;
  const n = Math.round((o.rate / 3) * o.seconds);
  const tag = crypto.randomBytes(3).toString("hex");
  const [campaign] = await sql(
    `insert into campaigns (name, channel_id, template_id, template_name, template_language, audience, status, started_at)
     values ($1, $2, gen_random_uuid(), 'lab_invite', 'en', '{"labelIds":[],"contactIds":[]}', 'running', now())
     returning id`,
    [`bench ${tag}`, o.channelId],
  );
  const campaignId = String(campaign!.id);
  const seeded = await sql(
    `insert into campaign_recipients (campaign_id, contact_id, phone, status, attempts, attempt_id, sending_at,
                                      requested_at, provider_message_id, sent_at)
     select $1, gen_random_uuid(), '4477012' || lpad((g % $3)::text, 5, '0'), 'sent', 1, gen_random_uuid(), now(),
            now(), 'wamid.camp.' || $4 || '.' || g, now()
       from generate_series(0, $2 - 1) g
     returning provider_message_id as ext, phone as to`,
    [campaignId, n, o.customers, tag],
  );
  const seen: { at: number; delivered: number; read: number }[] = [];
  // The bus has no "off": one listener per server, pointed at this case's campaign.
  if (!progressListening.has(server)) {
    progressListening.add(server);
    server.ctx.bus.on("campaign.progress", (p) => progressSink?.(p));
  }
  progressSink = (p) => {
    if (p.campaignId !== campaignId) return;
    const c = p.counts;
    seen.push({ at: Date.now(), delivered: c.delivered + c.read + c.replied, read: c.read + c.replied });
  };
  const file = path.join(o.dataDir, `targets-${tag}.json`);
  fs.writeFileSync(file, JSON.stringify(seeded.map((m) => ({ ext: m.ext, to: m.to }))));
  const x0 = await sql("select now() as at");
  const cpu0 = process.cpuUsage();
  try {
    const { value: r, dbMs: dbCpu } = await dbCpuDuring(sql, async () => {
      const r = await o.runLoad(o.hook, o.rate, file);
      const deadline = Date.now() + 120_000;
      while ((seen.at(-1)?.read ?? 0) < n && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
      return r;
    });
    const cpu = process.cpuUsage(cpu0);
    const events = await sql(
      `select payload::json->'entry'->0->'changes'->0->'value'->'statuses'->0->>'status' as status, received_at
         from webhook_events where channel_id = $1 and received_at >= $2
          and payload like $3`,
      [o.channelId, x0[0]!.at, `%wamid.camp.${tag}.%`],
    );
    const received = (status: string) =>
      events
        .filter((e) => e.status === status)
        .map((e) => new Date(e.received_at).getTime())
        .sort((a, b) => a - b);
    const delays: number[] = [];
    for (const key of ["delivered", "read"] as const) {
      let j = 0;
      for (const [k, at] of received(key).entries()) {
        while (j < seen.length && seen[j]![key] < k + 1) j++;
        if (j < seen.length) delays.push(seen[j]!.at - at);
      }
    }
    const first = Math.min(...events.map((e) => new Date(e.received_at).getTime()));
    const last = seen.at(-1)?.at ?? first;
    const funnel = await sql(
      "select status, count(*)::int as n from campaign_recipients where campaign_id = $1 group by status",
      [campaignId],
    );
    return {
      case: `${o.driver} ${o.label} @ ${o.rate} statuses/s`,
      posted: r.sent,
      post_errors: r.errors,
      p99_ack_ms: ms(r.p99),
      applied: delays.length,
      applied_per_s: Math.round(events.length / Math.max(0.001, (last - first) / 1000)),
      delay_p50_ms: ms(percentile(delays, 50)),
      delay_p95_ms: ms(percentile(delays, 95)),
      delay_p99_ms: ms(percentile(delays, 99)),
      all_read: funnel.every((f) => f.status === "read") ? "yes" : JSON.stringify(funnel),
      server_cpu_ms_per_status: ms((cpu.user + cpu.system) / 1000 / Math.max(1, r.sent)),
      db_cpu_ms_per_status: o.driver === "postgres" ? ms(dbCpu / Math.max(1, r.sent)) : "-",
    };
  } finally {
    progressSink = undefined;
  }
}

const progressListening = new WeakSet<RunningServer>();
let progressSink: ((p: DomainEvents["campaign.progress"]) => void) | undefined;
