import {
  placeholders,
  type RenderedTemplate,
  type TemplateButtonContent,
  type TemplateContent,
  type TemplateDefinition,
} from "@switchboard/contracts";

/**
 * Our authoring form -> the component JSON of `POST /{waba-id}/message_templates` (Meta's template
 * components reference). Examples go where Meta's review reads them: `body_text` (one row of values,
 * positional) or `body_text_named_params`, `header_text`, `header_handle` (a Resumable Upload handle),
 * and a URL button's `example`.
 */
export function componentsFromDefinition(d: TemplateDefinition, headerHandle?: string): Record<string, unknown>[] {
  if (d.category === "AUTHENTICATION") {
    const a = d.authentication ?? { addSecurityRecommendation: true, copyCodeText: "Copy code" };
    return [
      { type: "BODY", add_security_recommendation: a.addSecurityRecommendation },
      ...(a.codeExpirationMinutes ? [{ type: "FOOTER", code_expiration_minutes: a.codeExpirationMinutes }] : []),
      { type: "BUTTONS", buttons: [{ type: "OTP", otp_type: "COPY_CODE", text: a.copyCodeText }] },
    ];
  }
  const named = d.parameterFormat === "NAMED";
  const out: Record<string, unknown>[] = [];
  const h = d.header;
  if (h.format === "TEXT") {
    const v = placeholders(h.text)[0];
    const example =
      v && h.example
        ? named
          ? { header_text_named_params: [{ param_name: v, example: h.example }] }
          : { header_text: [h.example] }
        : undefined;
    out.push({ type: "HEADER", format: "TEXT", text: h.text, ...(example ? { example } : {}) });
  } else if (h.format !== "NONE") {
    out.push({
      type: "HEADER",
      format: h.format,
      ...(headerHandle ? { example: { header_handle: [headerHandle] } } : {}),
    });
  }
  const vars = placeholders(d.body.text);
  const bodyExample = !vars.length
    ? undefined
    : named
      ? { body_text_named_params: vars.map((n) => ({ param_name: n, example: d.body.examples[n] ?? "" })) }
      : { body_text: [vars.map((n) => d.body.examples[n] ?? "")] };
  out.push({ type: "BODY", text: d.body.text, ...(bodyExample ? { example: bodyExample } : {}) });
  if (d.footer) out.push({ type: "FOOTER", text: d.footer });
  if (d.buttons.length)
    out.push({
      type: "BUTTONS",
      buttons: d.buttons.map((b) =>
        b.type === "QUICK_REPLY"
          ? { type: "QUICK_REPLY", text: b.text }
          : b.type === "URL"
            ? { type: "URL", text: b.text, url: b.url, ...(b.example ? { example: [b.example] } : {}) }
            : { type: "PHONE_NUMBER", text: b.text, phone_number: b.phoneNumber },
      ),
    });
  return out;
}

type Component = {
  type?: unknown;
  format?: unknown;
  text?: unknown;
  buttons?: unknown;
  add_security_recommendation?: unknown;
  code_expiration_minutes?: unknown;
};
const str = (v: unknown) => (typeof v === "string" ? v : "");

/** What a template shows, read from Meta's component JSON (synced or built by us); never throws. */
export function contentFromComponents(components: unknown[]): TemplateContent {
  const list = (Array.isArray(components) ? components : []) as Component[];
  const of = (t: string) => list.find((c) => str(c?.type).toUpperCase() === t);
  const header = of("HEADER");
  const body = of("BODY");
  const footer = of("FOOTER");
  const format = str(header?.format).toUpperCase();
  const formats = ["TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION"] as const;
  const headerFormat = (formats as readonly string[]).includes(format) ? (format as (typeof formats)[number]) : "NONE";
  let bodyText = str(body?.text);
  // Authentication templates: Meta writes the text from the options.
  if (!bodyText && body && "add_security_recommendation" in body)
    bodyText = `*{{1}}* is your verification code.${body.add_security_recommendation ? " For your security, do not share this code." : ""}`;
  const footerText =
    str(footer?.text) ||
    (typeof footer?.code_expiration_minutes === "number"
      ? `This code expires in ${footer.code_expiration_minutes} minutes.`
      : "");
  const rawButtons = (Array.isArray(of("BUTTONS")?.buttons) ? of("BUTTONS")?.buttons : []) as Record<string, unknown>[];
  const buttons: TemplateButtonContent[] = rawButtons.map((b) => {
    const type = str(b?.type).toUpperCase();
    const text = str(b?.text);
    if (type === "QUICK_REPLY") return { type, text };
    if (type === "URL") return { type, text, url: str(b?.url) };
    if (type === "PHONE_NUMBER") return { type, text, phoneNumber: str(b?.phone_number) };
    return { type: "OTHER", text };
  });
  return {
    header: headerFormat === "TEXT" ? { format: "TEXT", text: str(header?.text) } : { format: headerFormat },
    body: bodyText,
    ...(footerText ? { footer: footerText } : {}),
    buttons,
  };
}

/**
 * A rendered template -> the `template.components` of a send (`POST /{phone-number-id}/messages`):
 * header media by the id uploaded at submit (never the bytes again), text parameters in send order
 * (with `parameter_name` for NAMED templates), and URL buttons' suffixes by button index. For the
 * campaign sender; the composer's free-text send path stays in whatsapp/adapter.ts.
 */
export function sendComponents(
  t: { parameterFormat: string; headerFormat: string; headerMediaId?: string | null },
  r: RenderedTemplate,
): Record<string, unknown>[] {
  const named = t.parameterFormat === "NAMED";
  const text = (p: { name: string; text: string }) => ({
    type: "text",
    text: p.text,
    ...(named ? { parameter_name: p.name } : {}),
  });
  const out: Record<string, unknown>[] = [];
  const media = t.headerFormat.toLowerCase();
  if (["image", "video", "document"].includes(media) && t.headerMediaId)
    out.push({ type: "header", parameters: [{ type: media, [media]: { id: t.headerMediaId } }] });
  else if (r.parameters.header.length) out.push({ type: "header", parameters: r.parameters.header.map(text) });
  if (r.parameters.body.length) out.push({ type: "body", parameters: r.parameters.body.map(text) });
  for (const b of r.parameters.buttons)
    out.push({ type: "button", sub_type: "url", index: String(b.index), parameters: [{ type: "text", text: b.text }] });
  return out;
}
