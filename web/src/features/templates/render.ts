import { placeholders, templateParts } from "@switchboard/contracts/values";
import type { Template } from "@/lib/types";

// How a body's placeholders are read is the contracts' (the server counts and fills them the same way).
export { placeholders };

export type Part = { text: string; param?: string; filled?: boolean };

/** The body split into literal text and parameters, for a preview that highlights what the agent filled in. */
export function renderParts(body: string, params: string[]): Part[] {
  return templateParts(body).map((p) => {
    if ("text" in p) return { text: p.text };
    const value = params[p.index]?.trim();
    return { text: value || `{{${p.param}}}`, param: p.param, filled: !!value };
  });
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
