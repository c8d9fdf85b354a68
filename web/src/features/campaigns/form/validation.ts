import { createCampaignBody } from "@switchboard/contracts";

/** Our wording where the contract's is a type's (an empty select is "not a UUID" to Zod). */
const overrides: Record<string, string> = {
  channelId: "Choose a WhatsApp number",
  templateId: "Choose an approved template",
  name: "Give the campaign a name",
  "followUp.templateId": "Choose the follow-up's template",
};

/**
 * The create body checked by the same Zod schema the server parses with, so the form shows the
 * server's own messages (window order, HH:MM, "choose at least one…") before a round trip.
 * Keys are dotted paths (`window.end`, `audience`); the first message per path wins.
 */
export function campaignBodyErrors(body: unknown): Record<string, string> {
  const r = createCampaignBody.safeParse(body);
  if (r.success) return {};
  const out: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const path = issue.path.map(String).join(".");
    const top = path.split(".")[0]!;
    out[path] ??= overrides[path] ?? overrides[top] ?? issue.message;
  }
  return out;
}

/** The first error at or under `prefix` (e.g. everything of `window`). */
export function errorUnder(errors: Record<string, string>, prefix: string): string | undefined {
  return Object.entries(errors).find(([p]) => p === prefix || p.startsWith(`${prefix}.`))?.[1];
}
