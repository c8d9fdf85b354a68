/**
 * Splitting text into the pieces retrieval ranks. An article is cut at its Markdown headings (a
 * chunk never spans two sections, so the heading names what the chunk is about); a long section
 * is packed paragraph by paragraph into windows of at most MAX_WORDS, each starting with the last
 * OVERLAP_WORDS of the one before, so a sentence cut at a boundary is still whole in one of them.
 */
export const MAX_WORDS = 350;
export const OVERLAP_WORDS = 50;

export interface ChunkText {
  heading: string | null;
  content: string;
}

export interface Section {
  heading: string | null;
  level: number;
  body: string;
}

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;

/** Markdown sections, in order; text before the first heading is a section without one. Code fences are not headings. */
export function splitSections(markdown: string): Section[] {
  const sections: Section[] = [];
  let current: Section = { heading: null, level: 0, body: "" };
  let fenced = false;
  for (const line of markdown.replace(/\r\n?/g, "\n").split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const m = fenced ? null : HEADING.exec(line);
    if (m) {
      if (current.heading !== null || current.body.trim()) sections.push(current);
      current = { heading: m[2]!.trim(), level: m[1]!.length, body: "" };
    } else current.body += `${line}\n`;
  }
  if (current.heading !== null || current.body.trim()) sections.push(current);
  return sections;
}

const countWords = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** Windows of at most `max` words over one over-long paragraph, overlapping by `overlap`. */
function windows(paragraph: string, max: number, overlap: number): string[] {
  const words = paragraph.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  for (let start = 0; start < words.length; start += max - overlap) {
    out.push(words.slice(start, start + max).join(" "));
    if (start + max >= words.length) break;
  }
  return out;
}

function tail(text: string, n: number): string {
  const words = text.split(/\s+/).filter(Boolean);
  return words.length <= n ? "" : words.slice(-n).join(" ");
}

/** One section's body as chunks; each chunk starts with the heading, which is part of what it means. */
function packSection(heading: string | null, body: string): ChunkText[] {
  const paragraphs = body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .flatMap((p) => (countWords(p) > MAX_WORDS ? windows(p, MAX_WORDS, OVERLAP_WORDS) : [p]));
  const chunks: string[] = [];
  let current: string[] = [];
  let words = 0;
  for (const p of paragraphs) {
    const n = countWords(p);
    if (words + n > MAX_WORDS && current.length) {
      const done = current.join("\n\n");
      chunks.push(done);
      const carry = tail(done, OVERLAP_WORDS);
      current = carry ? [`… ${carry}`] : [];
      words = countWords(carry);
    }
    current.push(p);
    words += n;
  }
  if (current.length) chunks.push(current.join("\n\n"));
  if (!chunks.length && heading) chunks.push("");
  return chunks.map((c) => ({ heading, content: heading ? `${heading}\n\n${c}`.trim() : c }));
}

export function chunkArticle(title: string, body: string): ChunkText[] {
  const chunks = splitSections(body).flatMap((s) => packSection(s.heading, s.body));
  // An article with no body is still findable by its title.
  return chunks.length ? chunks : [{ heading: null, content: title }];
}

export function chunkQa(question: string, answer: string, alternatives: string[]): ChunkText {
  const asked = [question, ...alternatives].join("\n");
  return { heading: question, content: `${asked}\n\n${answer}` };
}

/** The words typo correction knows: lowercased letters and digits, 3 to 30 long, not numbers. */
export function vocabulary(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => w.length >= 3 && w.length <= 30 && !/^\p{N}+$/u.test(w)))];
}

/** Query words: the same alphabet, so they can be joined into a tsquery without escaping. */
export function queryWords(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => w.length <= 30))].slice(0, 16);
}
