import Papa from "papaparse";
import { splitSections } from "./chunk";

export interface ImportedArticle {
  title: string;
  body: string;
}
export interface ImportedQa {
  question: string;
  answer: string;
  alternatives: string[];
  tags: string[];
}
export interface RowError {
  row: number | null;
  message: string;
}

const baseName = (file: string) =>
  file
    .replace(/\.[^.]+$/, "")
    .replace(/[-_]+/g, " ")
    .trim() || "Imported article";
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * A Markdown file as articles. `single`: one article titled by its first heading (or the file
 * name). `headings`: one article per top-level section, where a lone H1 is the document's title and
 * the sections are the level below it (a help-centre export is usually "# Product" then "## Topic").
 */
export function articlesFromMarkdown(
  fileName: string,
  markdown: string,
  split: "headings" | "single",
): ImportedArticle[] {
  const text = markdown.replace(/^\uFEFF/, "");
  const sections = splitSections(text);
  const headed = sections.filter((s) => s.heading !== null);
  const topLevel = Math.min(...headed.map((s) => s.level));
  const tops = headed.filter((s) => s.level === topLevel);
  const docTitle = tops.length === 1 ? tops[0]!.heading! : null;
  if (split === "single" || !headed.length) {
    const first = sections[0]?.heading ? sections[0] : undefined;
    const title = first?.heading ?? baseName(fileName);
    const body = first ? text.replace(/^[^\n]*\n?/, "").trim() : text.trim();
    return [{ title: clip(title, 300), body }];
  }
  const level =
    docTitle !== null ? Math.min(...headed.filter((s) => s.level > topLevel).map((s) => s.level)) : topLevel;
  if (!Number.isFinite(level))
    return [{ title: clip(docTitle ?? baseName(fileName), 300), body: sections.map(render).join("\n").trim() }];
  const out: ImportedArticle[] = [];
  let current: ImportedArticle | null = null;
  let intro = "";
  for (const s of sections) {
    if (s.heading !== null && s.level === level) {
      if (current) out.push(current);
      current = { title: clip(s.heading, 300), body: s.body.trim() };
    } else if (current) current.body = `${current.body}\n\n${render(s)}`.trim();
    else if (s.heading !== docTitle || s.level !== topLevel) intro += `${render(s)}\n`;
    else intro += s.body;
  }
  if (current) out.push(current);
  if (intro.trim()) out.unshift({ title: clip(docTitle ?? baseName(fileName), 300), body: intro.trim() });
  return out;
}

const render = (s: { heading: string | null; level: number; body: string }) =>
  s.heading === null ? s.body.trim() : `${"#".repeat(s.level)} ${s.heading}\n\n${s.body.trim()}`.trim();

/** A plain-text file is one article: its first short line is the title when it looks like one. */
export function articleFromText(fileName: string, text: string): ImportedArticle {
  const clean = text
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .trim();
  const [first = "", ...rest] = clean.split("\n");
  if (first.trim().length > 0 && first.trim().length <= 120 && rest.length > 0)
    return { title: first.trim(), body: rest.join("\n").trim() };
  return { title: clip(baseName(fileName), 300), body: clean };
}

/**
 * CSV `question,answer` (a header row is optional; `alternatives` — separated by `|` — and `tags`
 * columns are read when the header names them). Bad rows are reported by their line number and
 * skipped; the good rows are imported.
 */
export function qaFromCsv(text: string): { items: ImportedQa[]; errors: RowError[] } {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: "greedy" });
  const errors: RowError[] = parsed.errors.map((e) => ({
    row: e.row === undefined ? null : e.row + 1,
    message: `CSV: ${e.message}`,
  }));
  const rows = parsed.data;
  const header = rows[0]?.map((h) => h.trim().toLowerCase()) ?? [];
  const hasHeader = header.includes("question") && header.includes("answer");
  const col = (name: string, fallback: number) => (hasHeader ? header.indexOf(name) : fallback);
  const [qi, ai, alti, tagi] = [col("question", 0), col("answer", 1), col("alternatives", -1), col("tags", -1)];
  const items: ImportedQa[] = [];
  rows.forEach((cells, i) => {
    if (hasHeader && i === 0) return;
    const line = i + 1;
    if (errors.some((e) => e.row === line)) return;
    const question = cells[qi]?.trim() ?? "";
    const answer = cells[ai]?.trim() ?? "";
    const problem = !question
      ? "The question is empty"
      : !answer
        ? "The answer is empty"
        : question.length > 1000
          ? "The question is longer than 1,000 characters"
          : answer.length > 20_000
            ? "The answer is longer than 20,000 characters"
            : null;
    if (problem) {
      errors.push({ row: line, message: problem });
      return;
    }
    const list = (idx: number, sep: RegExp) =>
      idx >= 0 && cells[idx]
        ? cells[idx]!.split(sep)
            .map((s) => s.trim())
            .filter(Boolean)
        : [];
    items.push({
      question,
      answer,
      alternatives: list(alti, /\|/).slice(0, 20),
      tags: list(tagi, /[,|]/).slice(0, 20),
    });
  });
  return { items, errors };
}
