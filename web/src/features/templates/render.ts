import type { Template } from "@/lib/types";

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

/** Positional {{1}} or named {{name}} placeholders, in order of first appearance (as the server counts them). */
export function placeholders(text: string): string[] {
  const seen: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) if (m[1] && !seen.includes(m[1])) seen.push(m[1]);
  return seen;
}

export type Part = { text: string; param?: string; filled?: boolean };

/** The body split into literal text and parameters, for a preview that highlights what the agent filled in. */
export function renderParts(body: string, params: string[]): Part[] {
  const names = placeholders(body);
  const parts: Part[] = [];
  let last = 0;
  for (const m of body.matchAll(PLACEHOLDER)) {
    const at = m.index ?? 0;
    if (at > last) parts.push({ text: body.slice(last, at) });
    const name = m[1] ?? "";
    const value = params[names.indexOf(name)]?.trim();
    parts.push({ text: value || `{{${name}}}`, param: name, filled: !!value });
    last = at + m[0].length;
  }
  if (last < body.length) parts.push({ text: body.slice(last) });
  return parts;
}

export function renderBody(body: string, params: string[]): string {
  return renderParts(body, params)
    .map((p) => p.text)
    .join("");
}

export const templateKey = (t: Pick<Template, "name" | "language">) => `${t.name}:${t.language}`;

export function templateStatusVariant(status: string): "success" | "warning" | "danger" | "outline" {
  const s = status.toUpperCase();
  if (s === "APPROVED") return "success";
  if (s === "PENDING" || s === "IN_APPEAL" || s === "PENDING_DELETION") return "warning";
  if (s === "REJECTED" || s === "DISABLED" || s === "PAUSED") return "danger";
  return "outline";
}
