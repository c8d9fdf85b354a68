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
 * The records of a CSV file, one array of cells each, header included, streamed: papaparse's
 * stream mode pauses while the consumer awaits (a batch being written), so at most a slice of
 * rows is parsed ahead of the database.
 */
export async function* csvRecords(bytes: Buffer): AsyncGenerator<string[]> {
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { header: false });
  const source = Readable.from(slices(bytes));
  source.pipe(parser);
  try {
    for await (const record of parser) yield record as string[];
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
