/**
 * A 100,000-row contact CSV through the import job's runner (parse, E.164, de-dup, typed fields,
 * tags, consent, 1,000-row transactions with progress): rows/s for a first import (all new) and a
 * re-import of the same file (all updates). Baseline, same run and database: the same rows already
 * normalised, bulk-inserted 1,000 per statement with no parsing, checks or de-duplication.
 */
import { runContactImport } from "../server/src/features/inbox/contact-import/run-import";
import { ms, type Row, report } from "./lib";
import { benchServer } from "./server";

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);

function csv(): Buffer {
  const lines = ["Name,Phone,Email,Tags,Orders,Marketing"];
  for (let i = 0; i < ROWS; i++)
    lines.push(
      `Person ${i},6${10_000_000 + i},p${i}@example.com,${i % 2 ? "fair" : "lab"},${i % 50},${i % 3 ? "yes" : ""}`,
    );
  return Buffer.from(lines.join("\n"));
}

async function run(driver: "postgres" | "pglite"): Promise<Row[]> {
  const { server, close } = await benchServer(driver);
  const sql = server.ctx.database.executeSql;
  try {
    const bytes = csv();
    await sql(`insert into contact_fields (key, label, type) values ('orders', 'Orders', 'number')`);
    const mapping = {
      name: "Name",
      phone: "Phone",
      email: "Email",
      tags: "Tags",
      consent: "Marketing",
      fields: { orders: "Orders" },
    };
    const importOnce = async () => {
      const key = await server.ctx.storage.put(bytes, "text/csv");
      const r = await sql(
        `insert into contact_imports (status, file_name, file_key, size, columns, preview, total_rows, mapping, default_country)
         values ('queued', 'bench.csv', $1, $2, $3, '[]', $4, $5, 'ES') returning id`,
        [
          key,
          bytes.length,
          JSON.stringify(["Name", "Phone", "Email", "Tags", "Orders", "Marketing"]),
          ROWS,
          JSON.stringify(mapping),
        ],
      );
      const id = (r.rows[0] as { id: string }).id;
      const t0 = performance.now();
      const outcome = await runContactImport(server.ctx, id);
      const seconds = (performance.now() - t0) / 1000;
      if (outcome !== "done") throw new Error(`import ended ${outcome}`);
      return seconds;
    };
    const first = await importOnce();
    const again = await importOnce();
    const n = Number(((await sql("select count(*)::int as n from contacts")).rows[0] as { n: number }).n);
    if (n !== ROWS) throw new Error(`expected ${ROWS} contacts, found ${n}`);

    await sql("truncate contacts cascade");
    const t0 = performance.now();
    for (let from = 0; from < ROWS; from += 1000) {
      const batch = Array.from({ length: Math.min(1000, ROWS - from) }, (_, j) => {
        const i = from + j;
        return { name: `Person ${i}`, phone: `+346${10_000_000 + i}`, email: `p${i}@example.com` };
      });
      await sql(
        "insert into contacts (name, phone, email) select name, phone, email from json_to_recordset($1::json) as d(name text, phone text, email text)",
        [JSON.stringify(batch)],
      );
    }
    const raw = (performance.now() - t0) / 1000;
    const rate = (s: number) => Math.round(ROWS / s);
    return [
      { case: `${driver}: import, all new`, seconds: ms(first), "rows/s": rate(first) },
      { case: `${driver}: re-import, all updates`, seconds: ms(again), "rows/s": rate(again) },
      { case: `${driver}: baseline raw bulk insert`, seconds: ms(raw), "rows/s": rate(raw) },
    ];
  } finally {
    await close();
  }
}

export async function contactImportBench() {
  const rows = await run("pglite");
  if (process.env.BENCH_DATABASE_URL) rows.push(...(await run("postgres")));
  report("contact-import", rows, { rows: ROWS, batch: 1000 });
}
