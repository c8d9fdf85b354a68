/**
 * The analytics benchmark's data, written in SQL (INSERT … SELECT over generate_series) into a fresh
 * database the server migrated: channels, teams, agents, contacts and conversations as the inbox
 * keeps them, one fact row per conversation, its reporting events (the types plan-events.ts
 * writes: created, assigned, handoff, first reply, replies, resolution, AI outcome, SLA outcomes,
 * CSAT, quality score, reopen; messages in and out fill up to the requested count), and tickets.
 * Spread over 90 days, busier in working hours.
 */
import fs from "node:fs";
import path from "node:path";

type Exec = (q: string) => Promise<unknown>;

/** The backfill statements of the migration that added the fact rows' outcome columns. */
function backfill(): string[] {
  const file = fs.readFileSync(path.resolve(import.meta.dirname, "../migrations/0047_fact_outcomes.sql"), "utf8");
  return file
    .slice(file.indexOf("-- Backfill"))
    .split("--> statement-breakpoint")
    .map((s) => s.trim())
    .filter(Boolean);
}

export const CHANNELS: Array<[type: string, name: string]> = [
  ["webchat", "Website"],
  ["webchat", "Help center"],
  ["whatsapp", "WhatsApp"],
  ["telegram", "Telegram"],
  ["instagram", "Instagram"],
  ["x", "X"],
];
const TEAMS = ["Support", "Billing", "Sales", "Returns", "VIP"];
export const AGENTS = 40;
export const LABELS = 20;

export async function seedAnalytics(exec: Exec, opts: { conversations: number; events: number }) {
  const n = opts.conversations;
  await exec(
    `insert into channels (type, name, settings) values ${CHANNELS.map(([t, name]) => `('${t}', '${name}', '{}')`).join(", ")}`,
  );
  await exec(`insert into teams (name) values ${TEAMS.map((t) => `('${t}')`).join(", ")}`);
  await exec(`insert into users (email, name, password_hash, role, availability)
    select 'bench-agent-' || g || '@example.com', 'Agent ' || g, 'x', 'agent', 'offline' from generate_series(1, ${AGENTS}) g`);
  // Agent g is in team g % 5.
  await exec(`insert into team_members (team_id, user_id)
    select t.id, u.id
    from (select id, row_number() over (order by email) as n from users where email like 'bench-agent-%') u
    join (select id, row_number() over (order by name) as n from teams) t on t.n = 1 + u.n % 5`);
  await exec(
    `create temp table bench_labels as select gen_random_uuid() as id, g from generate_series(1, ${LABELS}) g`,
  );
  await exec(`insert into contacts (name) select 'Customer ' || g from generate_series(1, ${n}) g`);
  // Creation time: a day of the last 90 (weekends a third as busy), an hour weighted to 8-20 local.
  await exec(`create temp table bench_conv as
    select c.id as contact_id, c.n,
      date_trunc('day', now()) - (d.day || ' days')::interval
        + (h.hour || ' hours')::interval + (random() * 3600 || ' seconds')::interval as created_at,
      random() as a, random() as b, random() as r, random() as s, random() as t
    from (select id, row_number() over (order by id) as n from contacts) c
    cross join lateral (select (c.n * 7919 % 90) as day) d
    cross join lateral (select (array[8,9,9,10,10,10,11,11,12,13,13,14,14,14,15,15,16,16,17,18,19,20,21,22,2,6])[1 + (c.n * 31 % 26)::int] as hour) h`);
  await exec(
    `update bench_conv set created_at = created_at - interval '1 day' where created_at > now() - interval '5 minutes'`,
  );
  await exec(
    `create temp table bench_agents as select id, name, row_number() over (order by email) as n from users where email like 'bench-agent-%'`,
  );
  await exec(`create temp table bench_teams as select id, name, row_number() over (order by name) as n from teams`);
  await exec(
    `create temp table bench_channels as select id, type, name, row_number() over (order by name) as n from channels`,
  );
  // The outcome of each conversation, from its random draws: AI involved 55 %, of those 30 % confirmed,
  // 25 % assumed, the rest handed off; a human agent for the others; resolved unless recent.
  await exec(`create temp table bench_fact as
    select x.*, ag.id as agent_id, ag.name as agent_name, tm.id as team_id, tm.name as team_name,
      ch.id as channel_id, ch.type as channel_type, ch.name as channel_name
    from (select v.*,
        v.a < 0.55 as ai_involved,
        case when v.a >= 0.55 then null when v.b < 0.30 then 'confirmed' when v.b < 0.55 then 'assumed' else 'unresolved' end as ai_resolution,
        (30 + (-ln(greatest(v.r, 1e-9))) * 540)::int as fr_seconds,
        (600 + (-ln(greatest(v.s, 1e-9))) * 14400)::int as res_seconds
      from bench_conv v) x
    join bench_channels ch on ch.n = 1 + (x.n % ${CHANNELS.length})
    left join bench_agents ag on not (x.ai_involved and x.ai_resolution <> 'unresolved') and ag.n = 1 + floor(x.t * ${AGENTS})::int
    left join bench_teams tm on ag.n is not null and tm.n = 1 + ag.n % 5`);
  await exec(`insert into conversations (id, channel_id, contact_id, status, handler, assignee_id, team_id, created_at, last_message_at)
    select gen_random_uuid(), f.channel_id, f.contact_id,
      case when f.created_at + (f.fr_seconds + f.res_seconds || ' seconds')::interval < now() and f.s > 0.03 then 'resolved' else 'open' end,
      case when f.agent_id is null then 'ai' else 'human' end, f.agent_id, f.team_id, f.created_at, f.created_at
    from bench_fact f order by f.created_at`);
  await exec(`alter table bench_fact add column conversation_id uuid, add column status text`);
  await exec(
    `update bench_fact f set conversation_id = c.id, status = c.status from conversations c where c.contact_id = f.contact_id`,
  );
  await exec(`create temp table bench_facts (like conversation_facts including defaults)`);
  await exec(`insert into bench_facts (conversation_id, channel_id, channel_type, channel_name, team_id, team_name,
      agent_id, agent_name, labels, status, contact_name, created_at, handoff_at, handoff_rule, handoff_reason,
      first_response_at, first_response_seconds, first_response_business_seconds,
      resolved_at, resolution_seconds, resolution_business_seconds, resolved_by, handled_by, ai_involved, ai_resolution,
      human_replied, reopen_count, messages_in, messages_out)
    select f.conversation_id, f.channel_id, f.channel_type, f.channel_name, f.team_id, f.team_name, f.agent_id, f.agent_name,
      array(select l.id from bench_labels l where l.g in (1 + f.n % ${LABELS}, 1 + (f.n * 7) % ${LABELS}) and (l.g = 1 + f.n % ${LABELS} or f.t < 0.3)),
      f.status, 'Customer ' || f.n, f.created_at,
      case when f.ai_resolution = 'unresolved' then f.created_at + interval '2 minutes' end,
      case when f.ai_resolution = 'unresolved' then (array['customer_asked', 'low_confidence', 'sensitive_topic', 'no_answer'])[1 + f.n % 4] end,
      case when f.ai_resolution = 'unresolved' then 'The customer needs a person' end,
      case when f.agent_id is not null then f.created_at + (f.fr_seconds || ' seconds')::interval end,
      case when f.agent_id is not null then f.fr_seconds end,
      case when f.agent_id is not null then (f.fr_seconds * 0.7)::int end,
      case when f.status = 'resolved' then f.created_at + (f.fr_seconds + f.res_seconds || ' seconds')::interval end,
      case when f.status = 'resolved' then f.fr_seconds + f.res_seconds end,
      case when f.status = 'resolved' then ((f.fr_seconds + f.res_seconds) * 0.6)::int end,
      case when f.status = 'resolved' then (case when f.agent_id is null then 'ai' else 'human' end) end,
      case when f.agent_id is null then 'ai' else 'human' end,
      f.ai_involved, f.ai_resolution, f.agent_id is not null, case when f.n % 20 = 0 then 1 else 0 end, 0, 0
    from bench_fact f`);
  await seedEvents(exec, opts.events);
  // The outcome columns as the migration backfills them from the events, then the fact rows in the
  // order conversations are created (as the listeners insert them).
  for (const q of backfill())
    await exec(q.replaceAll('"conversation_facts"', "bench_facts").replaceAll('"reporting_events"', "bench_events"));
  await exec(`update bench_facts f set messages_in = e.i, messages_out = e.o
    from (select conversation_id, count(*) filter (where type = 'message_in') as i, count(*) filter (where type = 'message_out') as o
      from bench_events where type in ('message_in', 'message_out') group by 1) e where e.conversation_id = f.conversation_id`);
  await exec(`insert into conversation_facts select * from bench_facts order by created_at`);
  await exec(`insert into reporting_events select * from bench_events order by occurred_at`);
  // A ticket for every fifth conversation, opened an hour in; three in four solved.
  await exec(`insert into tickets (subject, priority, status, type, assignee_id, team_id, requester_id, created_by_type, created_at, updated_at, solved_at, closed_at)
    select 'Follow-up ' || f.n, (array['low', 'normal', 'normal', 'high', 'urgent'])[1 + f.n % 5],
      case when f.s < 0.75 then (case when f.n % 3 = 0 then 'closed' else 'solved' end) else (array['new', 'open', 'pending', 'on_hold'])[1 + f.n % 4] end,
      (array['question', 'problem', 'incident', 'task'])[1 + f.n % 4], f.agent_id, f.team_id, f.contact_id, 'user',
      f.created_at + interval '1 hour', f.created_at + interval '1 hour',
      case when f.s < 0.75 then least(now(), f.created_at + interval '1 hour' + (f.res_seconds * 3 || ' seconds')::interval) end,
      case when f.s < 0.75 and f.n % 3 = 0 then least(now(), f.created_at + interval '1 hour' + (f.res_seconds * 4 || ' seconds')::interval) end
    from bench_fact f where f.n % 5 = 0 and f.created_at < now() - interval '1 hour'`);
  for (const t of ["conversations", "conversation_facts", "reporting_events", "tickets", "contacts"])
    await exec(`vacuum analyze ${t}`);
}

/** One insert of reporting events per type; `key` makes each source key unique. */
function events(
  type: string,
  where: string,
  at: string,
  extra: { seconds?: string; business?: string; detail?: string; key?: string } = {},
) {
  return `insert into bench_events (source_key, type, conversation_id, occurred_at, channel_id, channel_type, agent_id, team_id, sender_type, direction, seconds, business_seconds, detail)
    select '${type}:' || f.conversation_id${extra.key ? ` || ':' || ${extra.key}` : ""}, '${type}', f.conversation_id, ${at}, f.channel_id, f.channel_type, f.agent_id, f.team_id,
      null, null, ${extra.seconds ?? "null"}, ${extra.business ?? "null"}, ${extra.detail ?? "'{}'::jsonb"}
    from bench_fact_full f where ${where}`;
}

async function seedEvents(exec: Exec, total: number) {
  await exec(`create temp table bench_events (like reporting_events including defaults)`);
  await exec(`create temp table bench_fact_full as
    select b.n, b.r, b.s, b.t, b.b, f.* from bench_facts f join bench_fact b on b.conversation_id = f.conversation_id`);
  const fixed = [
    events("conversation_created", "true", "f.created_at"),
    events("assigned", "f.agent_id is not null", "f.created_at + interval '20 seconds'"),
    events("handoff", "f.handoff_rule is not null", "f.handoff_at", {
      detail: "jsonb_build_object('rule', f.handoff_rule)",
    }),
    events("first_human_reply", "f.first_response_at is not null", "f.first_response_at", {
      seconds: "f.first_response_seconds",
      business: "f.first_response_business_seconds",
    }),
    events("reply", "f.first_response_at is not null and f.t < 0.6", "f.first_response_at + interval '30 minutes'", {
      seconds: "(f.first_response_seconds * 1.4)::int",
      business: "(f.first_response_business_seconds * 1.4)::int",
    }),
    events("resolved_by_ai", "f.resolved_by = 'ai'", "f.resolved_at", {
      seconds: "f.resolution_seconds",
      business: "f.resolution_business_seconds",
    }),
    events("resolved_by_human", "f.resolved_by = 'human'", "f.resolved_at", {
      seconds: "f.resolution_seconds",
      business: "f.resolution_business_seconds",
    }),
    events("ai_confirmed", "f.ai_resolution = 'confirmed'", "f.created_at + interval '3 minutes'"),
    events("ai_assumed", "f.ai_resolution = 'assumed'", "f.created_at + interval '1 day'"),
    events("ai_unresolved", "f.ai_resolution = 'unresolved'", "f.handoff_at"),
    events("reopened", "f.reopen_count > 0", "f.created_at + interval '2 days'"),
    // SLA: first reply within an hour, resolution within a day.
    `insert into bench_events (source_key, type, conversation_id, occurred_at, channel_id, channel_type, agent_id, team_id, detail)
      select 'sla:' || m.metric || ':' || f.conversation_id, case when m.ok then 'sla_hit' else 'sla_missed' end, f.conversation_id,
        m.at, f.channel_id, f.channel_type, f.agent_id, f.team_id, jsonb_build_object('metric', m.metric)
      from bench_fact_full f cross join lateral (values
        ('firstReply', f.first_response_seconds < 3600, f.first_response_at),
        ('resolution', f.resolution_seconds < 86400, f.resolved_at)) m(metric, ok, at)
      where f.agent_id is not null and m.at is not null`,
    events("csat_sent", "f.resolved_at is not null and f.r < 0.45", "f.resolved_at + interval '1 minute'", {
      detail: "jsonb_build_object('channelType', f.channel_type)",
    }),
    events("csat_answered", "f.resolved_at is not null and f.r < 0.25", "f.resolved_at + interval '10 minutes'", {
      detail: `jsonb_build_object('answer', 'rating', 'rating', (array[1, 2, 3, 3, 4, 4, 4, 5, 5, 5, 5, 5])[1 + f.n % 12])`,
    }),
    events("quality_scored", "f.resolved_at is not null and f.s < 0.7", "f.resolved_at + interval '2 minutes'", {
      detail: `jsonb_build_object('resolution', 1 + f.n % 5, 'sentiment', 1 + (f.n / 5) % 5, 'service', 1 + (f.n / 25) % 5,
        'overall', round((3 + f.n % 5 + (f.n / 5) % 5 + (f.n / 25) % 5)::numeric / 3, 4))`,
    }),
  ];
  for (const q of fixed) await exec(q);
  const rows = (await exec(`select count(*)::int as n from bench_events`)) as { n: number }[];
  const convs = (await exec(`select count(*)::int as n from bench_fact_full`)) as { n: number }[];
  const left = Math.max(0, total - Number(rows[0]!.n));
  const per = Math.floor(left / Number(convs[0]!.n));
  const extra = left - per * Number(convs[0]!.n);
  // The rest: messages, customer's and replies by turns, within the conversation's first hours.
  await exec(`insert into bench_events (source_key, type, conversation_id, occurred_at, channel_id, channel_type, agent_id, team_id, sender_type, direction, detail)
    select 'msg:' || f.conversation_id || ':' || k, case when k % 2 = 1 then 'message_in' else 'message_out' end, f.conversation_id,
      f.created_at + (k * 90 || ' seconds')::interval, f.channel_id, f.channel_type, f.agent_id, f.team_id,
      case when k % 2 = 1 then 'customer' when f.agent_id is null then 'ai' else 'agent' end,
      case when k % 2 = 1 then 'inbound' else 'outbound' end, '{}'::jsonb
    from (select *, row_number() over (order by conversation_id) as i from bench_fact_full) f
    cross join lateral generate_series(1, ${per} + case when f.i <= ${extra} then 1 else 0 end) k`);
}
