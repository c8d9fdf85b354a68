import { placeholders, renderWithMapping, type TemplateContent } from "@switchboard/contracts/values";
import { cn } from "@/lib/utils";
import type { Form } from "./template-editor";

/** A WhatsApp-style bubble: what the customer will see (header, body, footer, buttons). */
export function WhatsAppPreview({ content, className }: { content: TemplateContent; className?: string }) {
  return (
    <div className={cn("rounded-xl bg-[#e5ddd5] p-4 dark:bg-[#0b141a]", className)} data-testid="template-preview">
      <div className="max-w-[300px] rounded-lg rounded-tl-none bg-white text-[13px] text-zinc-900 shadow-sm dark:bg-[#202c33] dark:text-zinc-100">
        <div className="space-y-1 px-2.5 pt-2 pb-1.5">
          {content.header.format === "TEXT" ? (
            <p className="font-semibold">{content.header.text}</p>
          ) : content.header.format !== "NONE" ? (
            <div className="flex h-28 items-center justify-center rounded bg-zinc-200 text-xs text-zinc-500 dark:bg-zinc-700 dark:text-zinc-300">
              {content.header.format.toLowerCase()}
            </div>
          ) : null}
          <p className="whitespace-pre-wrap break-words">{content.body || "Body text"}</p>
          {content.footer ? <p className="text-[11px] text-zinc-500 dark:text-zinc-400">{content.footer}</p> : null}
        </div>
        {content.buttons.map((b, i) => (
          <div
            // biome-ignore lint/suspicious/noArrayIndexKey: buttons have no identity but their place
            key={i}
            className="border-t border-zinc-200 py-1.5 text-center text-[13px] font-medium text-sky-600 dark:border-zinc-700 dark:text-sky-400"
          >
            {b.text || "Button"}
          </div>
        ))}
      </div>
    </div>
  );
}

/** The form's content filled with its own examples: Meta's review sees the same. */
export function formPreview(f: Form): TemplateContent {
  const content: TemplateContent = {
    header: f.header.format === "TEXT" ? { format: "TEXT", text: f.header.text } : { format: f.header.format },
    body: f.body.text,
    ...(f.footer ? { footer: f.footer } : {}),
    buttons: f.buttons.map((b) =>
      b.type === "URL"
        ? { type: "URL", text: b.text, url: b.url }
        : b.type === "PHONE_NUMBER"
          ? { type: "PHONE_NUMBER", text: b.text, phoneNumber: b.phoneNumber }
          : { type: "QUICK_REPLY", text: b.text },
    ),
  };
  const sample = (v: Record<string, string>) =>
    Object.fromEntries(Object.entries(v).map(([k, value]) => [k, { field: "text", value }]));
  const headerVar = f.header.format === "TEXT" ? placeholders(f.header.text)[0] : undefined;
  const r = renderWithMapping(
    content,
    { name: null, phone: null, email: null, attributes: {} },
    {
      body: sample(f.body.examples),
      header: headerVar ? sample({ [headerVar]: f.header.example }) : {},
      buttons: sample(Object.fromEntries(f.buttons.map((b, i) => [String(i), b.example ?? ""]))),
    },
  );
  return { ...content, header: r.header, body: r.body, buttons: r.buttons };
}
