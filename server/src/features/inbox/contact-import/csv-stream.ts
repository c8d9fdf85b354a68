import { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import Papa from "papaparse";

/** 64 KiB at a time: the parser sees text in slices, so rows are produced as they are read. */
const SLICE = 64 * 1024;

function* slices(bytes: Buffer) {
  // A UTF-8 character split between two slices is held back by the decoder, never garbled.
  const decoder = new StringDecoder("utf8");
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (; start < bytes.length; start += SLICE) {
    const text = decoder.write(bytes.subarray(start, start + SLICE));
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * The records of a CSV file, one array of cells each, header included, streamed: the parser is
 * paused once 1,000 records wait unread (a batch being written), so only about a batch is parsed
 * ahead of the database. Records are taken from 'data' events in bulk: reading the parser's
 * stream one record at a time costs several times the parsing itself.
 */
export async function* csvRecords(bytes: Buffer): AsyncGenerator<string[]> {
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { header: false });
  const source = Readable.from(slices(bytes));
  let ready: string[][] = [];
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  parser.on("data", (record: string[]) => {
    ready.push(record);
    if (ready.length >= 1000) parser.pause();
    wake?.();
  });
  parser.on("end", () => {
    ended = true;
    wake?.();
  });
  parser.on("error", (err) => {
    failure = err;
    wake?.();
  });
  source.pipe(parser);
  try {
    for (;;) {
      if (ready.length) {
        const taken = ready;
        ready = [];
        for (const record of taken) yield record;
        parser.resume();
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  } finally {
    source.unpipe(parser);
    source.destroy();
    parser.destroy();
  }
}

/** Header names made unique and non-empty, so a mapping can name each column. */
export function uniqueColumns(header: string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((raw, i) => {
    const base = raw.trim() || `Column ${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}
