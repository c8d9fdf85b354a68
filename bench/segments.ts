/**
 * Segment counts on 100,000 contacts (30 % tagged, 60 % with a WhatsApp identity, 40 % with a
 * conversation, typed attributes): the median of 7 counts of typical definitions through
 * countSegment, against a baseline from the same run and database: counting every contact.
 */

import type { SegmentDefinition } from "@switchboard/contracts";
import { countSegment } from "../server/src/features/inbox";
import { ms, percentile, type Row, report } from "./lib";
import { benchServer } from "./server";

const CONTACTS = Number(process.env.BENCH_SEGMENT_CONTACTS ?? 100_000);

async function run(driver: "postgres" | "pglite"): Promise<Row[]> {
  const { server, close } = await benchServer(driver);
  const sql = server.ctx.database.executeSql;
  try {
    await sql(
      `insert into contact_fields (key, label, type) values ('city', 'City', 'text'), ('age', 'Age', 'number')`,
    );
    const label = (await sql(`insert into labels (name, color) values ('vip', '#aa0000') returning id`)).rows[0] as {
      id: string;
    };
    const ch = (await sql(`insert into channels (type, name) values ('whatsapp', 'WA') returning id`)).rows[0] as {
      id: string;
    };
    await sql(
      `insert into contacts (name, phone, attributes, consent_status, created_at)
       select 'Person ' || i, '+346' || (10000000 + i),
         jsonb_build_object('city', (array['Madrid','Barcelona','Valencia','Sevilla'])[1 + i % 4], 'age', 18 + i % 60),
         (array['opted_in','opted_out','unknown'])[1 + i % 3], now() - make_interval(days => i % 400)
       from generate_series(1, $1::int) i`,
      [CONTACTS],
    );
    await sql(`insert into contact_labels (contact_id, label_id) select id, $1 from contacts where random() < 0.3`, [
      label.id,
    ]);
    await sql(
      `insert into contact_identities (contact_id, channel_id, external_id)
       select id, $1, phone from contacts where random() < 0.6`,
      [ch.id],
    );
    await sql(
      `insert into conversations (channel_id, contact_id, last_inbound_at)
       select $1, id, now() - make_interval(days => (random() * 90)::int) from contacts where random() < 0.4`,
      [ch.id],
    );
    await sql("analyze");
    const cases: [string, SegmentDefinition][] = [
      ["baseline: every contact (no conditions)", { match: "all", conditions: [] }],
      [
        "tag + consent + wrote within 30 days",
        {
          match: "all",
          conditions: [
            { type: "tag", labelId: label.id, negate: false },
            { type: "consent", status: "opted_in" },
            { type: "last_inbound", op: "within", days: 30 },
          ],
        },
      ],
      [
        "city contains + age > 40 + on WhatsApp",
        {
          match: "all",
          conditions: [
            { type: "text", key: "city", op: "contains", value: "mad" },
            { type: "number", key: "age", op: "gt", value: 40 },
            { type: "identity", channelType: "whatsapp", negate: false },
          ],
        },
      ],
      [
        "any of: not tagged, opted out, silent 60 days",
        {
          match: "any",
          conditions: [
            { type: "tag", labelId: label.id, negate: true },
            { type: "consent", status: "opted_out" },
            { type: "last_inbound", op: "older_than", days: 60 },
          ],
        },
      ],
    ];
    const rows: Row[] = [];
    for (const [name, def] of cases) {
      await countSegment(server.ctx.db, def); // warm the cache
      const samples: number[] = [];
      let count = 0;
      for (let i = 0; i < 7; i++) {
        const t0 = performance.now();
        count = await countSegment(server.ctx.db, def);
        samples.push(performance.now() - t0);
      }
      rows.push({
        case: `${driver}: ${name}`,
        count,
        "median ms": ms(percentile(samples, 50)),
        "max ms": ms(Math.max(...samples)),
      });
    }
    return rows;
  } finally {
    await close();
  }
}

export async function segmentsBench() {
  const rows = await run("pglite");
  if (process.env.BENCH_DATABASE_URL) rows.push(...(await run("postgres")));
  report("segments", rows, { contacts: CONTACTS });
}
