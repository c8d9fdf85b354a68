import { z } from "zod";
import { isoDate, text } from "./common";
import { placeholders } from "./templates";

/**
 * Authoring WhatsApp message templates. The limits are Meta's (template components reference):
 * checked here so an admin gets every problem at once, named by field, before Meta sees the template.
 */
export const TEMPLATE_LIMITS = {
  name: 512,
  headerText: 60,
  body: 1024,
  footer: 60,
  buttons: 10,
  quickReplies: 10,
  urlButtons: 2,
  phoneButtons: 1,
  buttonText: 25,
  url: 2000,
  phone: 20,
  example: 200,
} as const;

export const templateCategories = ["MARKETING", "UTILITY", "AUTHENTICATION"] as const;
export const templateStatuses = [
  "DRAFT",
  "PENDING",
  "APPROVED",
  "REJECTED",
  "PAUSED",
  "DISABLED",
  "IN_APPEAL",
  "PENDING_DELETION",
  "DELETED",
  "ARCHIVED",
  "LIMIT_EXCEEDED",
] as const;
export const headerFormats = ["NONE", "TEXT", "IMAGE", "VIDEO", "DOCUMENT"] as const;

export const templateNameSchema = text()
  .min(1, "Required")
  .max(TEMPLATE_LIMITS.name, `At most ${TEMPLATE_LIMITS.name} characters`)
  .regex(/^[a-z0-9_]+$/, "Lowercase letters, digits and underscores only (Meta's rule)");

const exampleText = text().trim().min(1, "An example is required").max(TEMPLATE_LIMITS.example);

const headerSchema = z.discriminatedUnion("format", [
  z.object({ format: z.literal("NONE") }),
  z.object({
    format: z.literal("TEXT"),
    text: text().trim().min(1, "Required").max(TEMPLATE_LIMITS.headerText, "At most 60 characters"),
    /** The example for the header's one variable, when it has one. */
    example: exampleText.optional(),
  }),
  z.object({ format: z.enum(["IMAGE", "VIDEO", "DOCUMENT"]) }),
]);

const buttonText = text().trim().min(1, "Required").max(TEMPLATE_LIMITS.buttonText, "At most 25 characters");
const buttonSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("QUICK_REPLY"), text: buttonText }),
  z.object({
    type: z.literal("URL"),
    text: buttonText,
    /** May end with one variable, `https://example.com/order/{{1}}`. */
    url: text()
      .trim()
      .max(TEMPLATE_LIMITS.url)
      .regex(/^https?:\/\/\S+$/, "A full https:// address"),
    example: exampleText.optional(),
  }),
  z.object({
    type: z.literal("PHONE_NUMBER"),
    text: buttonText,
    phoneNumber: text()
      .trim()
      .regex(/^\+[1-9]\d{6,18}$/, "International format, e.g. +14155550100"),
  }),
]);

const authenticationSchema = z.object({
  addSecurityRecommendation: z.boolean().default(true),
  codeExpirationMinutes: z.number().int().min(1).max(90).optional(),
  copyCodeText: buttonText.default("Copy code"),
});

const definitionShape = z.object({
  name: templateNameSchema,
  language: text().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, "A language code such as en_US, pt_BR or hi"),
  category: z.enum(templateCategories),
  parameterFormat: z.enum(["POSITIONAL", "NAMED"]).default("POSITIONAL"),
  header: headerSchema.default({ format: "NONE" }),
  body: z
    .object({
      text: text().trim().max(TEMPLATE_LIMITS.body, "At most 1024 characters").default(""),
      /** One example per variable, keyed by its name (`1`, `2` or `first_name`). Meta requires them. */
      examples: z.record(text().max(64), exampleText).default({}),
    })
    .default({ text: "", examples: {} }),
  footer: text().trim().max(TEMPLATE_LIMITS.footer, "At most 60 characters").optional(),
  buttons: z.array(buttonSchema).max(TEMPLATE_LIMITS.buttons, "At most 10 buttons").default([]),
  /** AUTHENTICATION templates: Meta writes the text; we choose these options. */
  authentication: authenticationSchema.optional(),
});

type Shape = z.infer<typeof definitionShape>;

/** Meta's rules that span fields: variables, examples, button counts and grouping. */
function checkDefinition(d: Shape, ctx: z.RefinementCtx) {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
  const auth = d.category === "AUTHENTICATION";
  if (auth) {
    if (d.header.format !== "NONE") issue(["header"], "Authentication templates have no header");
    if (d.buttons.length) issue(["buttons"], "Authentication templates have only Meta's copy-code button");
    return;
  }
  const body = d.body.text;
  if (!body) issue(["body", "text"], "Required");
  const names = placeholders(body);
  if (d.parameterFormat === "POSITIONAL") {
    names.forEach((n, i) => {
      if (n !== String(i + 1))
        issue(["body", "text"], `Positional variables are {{1}}, {{2}}, … in order; found {{${n}}}`);
    });
  } else {
    for (const n of names)
      if (!/^[a-z][a-z0-9_]*$/.test(n))
        issue(["body", "text"], `Named variables are lowercase letters, digits and underscores: {{${n}}}`);
  }
  const trimmed = body.trim();
  if (names.length && (/^\{\{[^}]+\}\}/.test(trimmed) || /\{\{[^}]+\}\}$/.test(trimmed)))
    issue(["body", "text"], "The body may not start or end with a variable (Meta rejects it)");
  for (const n of names) if (!d.body.examples[n]) issue(["body", "examples", n], `An example for {{${n}}} is required`);
  if (d.header.format === "TEXT") {
    const h = placeholders(d.header.text);
    if (h.length > 1) issue(["header", "text"], "The header may have at most one variable");
    if (h.length && d.parameterFormat === "POSITIONAL" && h[0] !== "1")
      issue(["header", "text"], "The header's variable is {{1}}");
    if (h.length && !d.header.example) issue(["header", "example"], "An example for the header variable is required");
  }
  if (d.footer && placeholders(d.footer).length) issue(["footer"], "The footer cannot have variables");
  const count = (t: string) => d.buttons.filter((b) => b.type === t).length;
  if (count("QUICK_REPLY") > TEMPLATE_LIMITS.quickReplies) issue(["buttons"], "At most 10 quick replies");
  if (count("URL") > TEMPLATE_LIMITS.urlButtons) issue(["buttons"], "At most 2 URL buttons");
  if (count("PHONE_NUMBER") > TEMPLATE_LIMITS.phoneButtons) issue(["buttons"], "At most 1 phone number button");
  // Meta refuses quick replies interleaved with call-to-action buttons.
  const kinds = d.buttons.map((b) => (b.type === "QUICK_REPLY" ? "q" : "c")).join("");
  if (/q+c+q|c+q+c/.test(kinds)) issue(["buttons"], "Group the quick replies together, before or after the others");
  d.buttons.forEach((b, i) => {
    if (b.type !== "URL") return;
    const vars = placeholders(b.url);
    if (vars.length > 1 || (vars.length && !/\{\{\s*1\s*\}\}$/.test(b.url)))
      issue(["buttons", i, "url"], "A URL may have one variable, {{1}}, at its end");
    if (vars.length && !b.example) issue(["buttons", i, "example"], "An example for the URL's variable is required");
  });
}

export const templateDefinitionSchema = definitionShape.superRefine(checkDefinition);
export type TemplateDefinition = z.infer<typeof templateDefinitionSchema>;

export const createTemplateBody = definitionShape.extend({ channelId: z.uuid() }).superRefine(checkDefinition);
/** A draft's edit replaces its definition whole (the console sends the form), so one rule set applies. */
export const updateTemplateBody = templateDefinitionSchema;

export const templateListQuery = z.object({
  channel: z.uuid().optional(),
  status: z.enum(templateStatuses).optional(),
});

const variableSource = z.object({
  field: text()
    .max(120)
    .regex(
      /^(name|first_name|phone|email|text|attributes\.[\w.-]{1,100})$/,
      "One of name, first_name, phone, email, text, attributes.<key>",
    ),
  value: text().max(1000).optional(),
  fallback: text().max(1000).optional(),
});
export const variableMappingSchema = z.object({
  header: z.record(text().max(64), variableSource).optional(),
  body: z.record(text().max(64), variableSource).optional(),
  buttons: z.record(text().max(4), variableSource).optional(),
});

export const templatePreviewBody = z.object({ contactId: z.uuid(), mapping: variableMappingSchema.default({}) });

const contentButton = z.object({
  type: z.enum(["QUICK_REPLY", "URL", "PHONE_NUMBER", "OTHER"]),
  text: text(),
  url: text().optional(),
  phoneNumber: text().optional(),
});
export const templatePreviewSchema = z.object({
  header: z.object({ format: text(), text: text().optional() }),
  body: text(),
  footer: text().optional(),
  buttons: z.array(contentButton),
  parameters: z.object({
    header: z.array(z.object({ name: text(), text: text() })),
    body: z.array(z.object({ name: text(), text: text() })),
    buttons: z.array(z.object({ index: z.number().int(), text: text() })),
  }),
  fellBack: z.array(text()),
  missing: z.array(text()),
});

export const templateDetailSchema = z.object({
  id: z.uuid(),
  channelId: z.uuid(),
  externalId: text().nullable(),
  name: text(),
  language: text(),
  category: text().nullable(),
  status: text().describe("DRAFT until submitted; then Meta's status"),
  rejectedReason: text().nullable(),
  qualityScore: text().nullable(),
  parameterFormat: text(),
  components: z.array(z.unknown()).describe("Meta's component JSON (as submitted or synced)"),
  definition: z.unknown().nullable().describe("The authoring form of a template created here"),
  content: z.object({
    header: z.object({ format: text(), text: text().optional() }),
    body: text(),
    footer: text().optional(),
    buttons: z.array(contentButton),
  }),
  headerMedia: z
    .object({ fileName: text(), contentType: text(), size: z.number().int(), mediaId: text().nullable() })
    .nullable(),
  bodyText: text(),
  parameterCount: z.number().int(),
  submittedAt: isoDate.nullable(),
  updatedAt: isoDate,
});
export type TemplateDetail = z.infer<typeof templateDetailSchema>;
