import type { AiTestBatchResult } from "@switchboard/contracts";

type Item = AiTestBatchResult["items"][number];

const cell = (v: string | number | null | undefined) => {
  const s = v === null || v === undefined ? "" : String(v);
  // Quote what needs it; a leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

export const CSV_HEADER = [
  "question",
  "action",
  "would_hand_off",
  "rule",
  "reason",
  "confidence",
  "answer",
  "sources",
  "error",
];

/** The batch results as CSV (RFC 4180), one row per question. */
export function batchCsv(items: Item[]): string {
  const rows = items.map((i) => {
    const r = i.result;
    return [
      i.question,
      r?.action ?? "",
      r ? (r.action === "handoff" ? "yes" : "no") : "",
      r?.rule ?? "",
      r?.reason ?? "",
      r?.confidence ?? "",
      r?.answer ?? "",
      r?.sources.map((s) => (s.heading ? `${s.title} › ${s.heading}` : s.title)).join("; ") ?? "",
      i.error ?? "",
    ]
      .map(cell)
      .join(",");
  });
  return [CSV_HEADER.join(","), ...rows].join("\r\n");
}

/** Questions from the textarea: one per line, blank lines and duplicates dropped. */
export function parseQuestions(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean),
    ),
  ];
}
