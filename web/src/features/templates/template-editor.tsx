import { placeholders } from "@switchboard/contracts/values";
import { Trash2, X } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { ApiError, errorMessage } from "@/lib/api";
import type { TemplateRow, useTemplateActions } from "./queries";
import { formPreview, WhatsAppPreview } from "./preview";

type Button_ =
  | { type: "QUICK_REPLY"; text: string; example?: string }
  | { type: "URL"; text: string; url: string; example?: string }
  | { type: "PHONE_NUMBER"; text: string; phoneNumber: string; example?: string };

export interface Form {
  channelId: string;
  name: string;
  language: string;
  category: "MARKETING" | "UTILITY" | "AUTHENTICATION";
  parameterFormat: "POSITIONAL" | "NAMED";
  header: { format: "NONE" | "TEXT" | "IMAGE" | "VIDEO" | "DOCUMENT"; text: string; example: string };
  body: { text: string; examples: Record<string, string> };
  footer: string;
  buttons: Button_[];
}

export const blankForm = (channelId: string): Form => ({
  channelId,
  name: "",
  language: "en_US",
  category: "UTILITY",
  parameterFormat: "POSITIONAL",
  header: { format: "NONE", text: "", example: "" },
  body: { text: "", examples: {} },
  footer: "",
  buttons: [],
});

export function fromRow(r: TemplateRow): Form {
  const d = (r.definition ?? {}) as Partial<Form> & { header?: Partial<Form["header"]> };
  if (r.definition)
    return {
      ...blankForm(r.channelId),
      ...d,
      header: { text: "", example: "", format: "NONE", ...d.header },
      footer: d.footer ?? "",
    } as Form;
  // Synced from Meta: shown read-only from its content.
  const c = r.content;
  return {
    ...blankForm(r.channelId),
    name: r.name,
    language: r.language,
    category: (r.category as Form["category"]) ?? "UTILITY",
    header: {
      format: c.header.format === "LOCATION" ? "NONE" : c.header.format,
      text: c.header.text ?? "",
      example: "",
    },
    body: { text: c.body, examples: {} },
    footer: c.footer ?? "",
    buttons: c.buttons.filter((b) => b.type !== "OTHER") as Button_[],
  };
}

/** The API body: only what applies (a header text only for a TEXT header, examples only for variables). */
export function toBody(f: Form): Record<string, unknown> {
  const vars = placeholders(f.body.text);
  const hv = f.header.format === "TEXT" && placeholders(f.header.text).length > 0;
  return {
    name: f.name,
    language: f.language,
    category: f.category,
    parameterFormat: f.parameterFormat,
    header:
      f.header.format === "TEXT"
        ? { format: "TEXT", text: f.header.text, ...(hv && f.header.example ? { example: f.header.example } : {}) }
        : { format: f.header.format },
    body: {
      text: f.body.text,
      examples: Object.fromEntries(vars.map((v) => [v, f.body.examples[v] ?? ""]).filter(([, e]) => e)),
    },
    ...(f.footer.trim() ? { footer: f.footer } : {}),
    buttons: f.buttons.map((b) => {
      const { example, ...rest } = b;
      return b.type === "URL" && placeholders(b.url).length && example ? { ...rest, example } : rest;
    }),
  };
}

const label = "block text-xs font-medium text-muted-foreground";
const selectCls = "h-8 w-full rounded-md border bg-background px-2 text-[13px] dark:bg-input/20";

export function TemplateEditor(props: {
  initial: Form;
  row: TemplateRow | null;
  channels: { id: string; name: string }[];
  readOnly: boolean;
  actions: ReturnType<typeof useTemplateActions>;
  onSaved: (id: string) => void;
  onClose: () => void;
  toBody: (f: Form) => Record<string, unknown>;
}) {
  const { row, actions } = props;
  const [f, setF] = useState<Form>(props.initial);
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const editable = !props.readOnly && (!row || row.status === "DRAFT");
  const set = (patch: Partial<Form>) => setF((x) => ({ ...x, ...patch }));
  const vars = placeholders(f.body.text);
  const fail = (err: unknown) => {
    if (err instanceof ApiError) setErrors(err.fieldErrors);
    toast.error(errorMessage(err));
  };
  const save = async () => {
    setErrors({});
    try {
      const saved = row
        ? await actions.update.mutateAsync({ id: row.id, body: props.toBody(f) })
        : await actions.create.mutateAsync({ ...props.toBody(f), channelId: f.channelId });
      toast.success("Draft saved");
      props.onSaved(saved.id);
      return saved.id;
    } catch (err) {
      fail(err);
      return null;
    }
  };
  const submit = async () => {
    const id = await save();
    if (!id) return;
    try {
      await actions.submit.mutateAsync(id);
      toast.success("Submitted to WhatsApp for review");
    } catch (err) {
      fail(err);
    }
  };
  const err = (k: string) =>
    errors[k]?.length ? <p className="text-xs text-red-600 dark:text-red-400">{errors[k]![0]}</p> : null;
  const setButton = (i: number, patch: Partial<Button_>) =>
    set({ buttons: f.buttons.map((b, j) => (j === i ? ({ ...b, ...patch } as Button_) : b)) });

  return (
    <section className="flex min-w-0 flex-1 overflow-hidden" aria-label="Template editor">
      <fieldset disabled={!editable} className="min-w-0 flex-1 space-y-3 overflow-y-auto p-4">
        <div className="flex items-center gap-2">
          <h2 className="mr-auto text-sm font-semibold">{row ? row.name : "New template"}</h2>
          <Button variant="ghost" size="icon" aria-label="Close" onClick={props.onClose} type="button">
            <X />
          </Button>
        </div>
        {row && row.status !== "DRAFT" ? (
          <p className="rounded-md bg-muted px-3 py-2 text-xs text-muted-foreground" data-testid="template-state">
            {row.status.toLowerCase()} on WhatsApp
            {row.qualityScore ? ` · quality ${row.qualityScore.toLowerCase()}` : ""}
            {row.headerMedia?.mediaId ? " · header media uploaded" : ""}. Submitted templates are edited in WhatsApp
            Manager.
          </p>
        ) : null}
        {row?.status === "REJECTED" ? (
          <p className="rounded-md bg-red-500/10 px-3 py-2 text-xs text-red-700 dark:text-red-300">
            Meta rejected this template{row.rejectedReason ? `: ${row.rejectedReason}` : ""}. Delete it and create a new
            one.
          </p>
        ) : null}
        {!row ? (
          <label className={label}>
            Number
            <select className={selectCls} value={f.channelId} onChange={(e) => set({ channelId: e.target.value })}>
              {props.channels.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <div className="grid grid-cols-2 gap-3">
          <label className={label} htmlFor="tpl-name">
            Name
            <Input
              id="tpl-name"
              value={f.name}
              placeholder="order_update"
              onChange={(e) => set({ name: e.target.value.toLowerCase().replace(/[^a-z0-9_]/g, "_") })}
            />
            {err("name")}
          </label>
          <label className={label} htmlFor="tpl-language">
            Language
            <Input id="tpl-language" value={f.language} onChange={(e) => set({ language: e.target.value })} />
            {err("language")}
          </label>
          <label className={label}>
            Category
            <select
              className={selectCls}
              value={f.category}
              onChange={(e) => set({ category: e.target.value as Form["category"] })}
            >
              <option value="UTILITY">Utility</option>
              <option value="MARKETING">Marketing</option>
              <option value="AUTHENTICATION">Authentication</option>
            </select>
          </label>
          <label className={label}>
            Variables
            <select
              className={selectCls}
              value={f.parameterFormat}
              onChange={(e) => set({ parameterFormat: e.target.value as Form["parameterFormat"] })}
            >
              <option value="POSITIONAL">Numbered {"{{1}}"}</option>
              <option value="NAMED">Named {"{{first_name}}"}</option>
            </select>
          </label>
        </div>
        <label className={label}>
          Header
          <select
            className={selectCls}
            value={f.header.format}
            onChange={(e) => set({ header: { ...f.header, format: e.target.value as Form["header"]["format"] } })}
          >
            {["NONE", "TEXT", "IMAGE", "VIDEO", "DOCUMENT"].map((h) => (
              <option key={h} value={h}>
                {h === "NONE" ? "No header" : h.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        {f.header.format === "TEXT" ? (
          <Input
            value={f.header.text}
            maxLength={60}
            placeholder="Header text"
            onChange={(e) => set({ header: { ...f.header, text: e.target.value } })}
          />
        ) : f.header.format !== "NONE" && row ? (
          <label className={label}>
            Header file {row.headerMedia ? `(${row.headerMedia.fileName})` : ""}
            <input
              type="file"
              className="block text-xs"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) actions.upload.mutateAsync({ id: row.id, file }).catch(fail);
              }}
            />
          </label>
        ) : f.header.format !== "NONE" ? (
          <p className="text-xs text-muted-foreground">Save the draft, then attach the header file.</p>
        ) : null}
        {err("header")}
        <label className={label} htmlFor="tpl-body">
          Body ({f.body.text.length}/1024)
          <Textarea
            id="tpl-body"
            rows={5}
            value={f.body.text}
            onChange={(e) => set({ body: { ...f.body, text: e.target.value } })}
          />
          {err("body")}
        </label>
        {vars.map((v) => (
          <label key={v} className={label} htmlFor={`tpl-example-${v}`}>
            Example for {`{{${v}}}`}
            <Input
              id={`tpl-example-${v}`}
              value={f.body.examples[v] ?? ""}
              onChange={(e) => set({ body: { ...f.body, examples: { ...f.body.examples, [v]: e.target.value } } })}
            />
          </label>
        ))}
        <label className={label} htmlFor="tpl-footer">
          Footer
          <Input id="tpl-footer" value={f.footer} maxLength={60} onChange={(e) => set({ footer: e.target.value })} />
          {err("footer")}
        </label>
        <div className="space-y-2">
          <p className={label}>Buttons ({f.buttons.length}/10)</p>
          {f.buttons.map((b, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: buttons are edited in place by position
            <div key={i} className="flex items-center gap-2">
              <span className="w-16 shrink-0 text-[11px] text-muted-foreground">
                {b.type.replace("_", " ").toLowerCase()}
              </span>
              <Input
                value={b.text}
                maxLength={25}
                placeholder="Label"
                onChange={(e) => setButton(i, { text: e.target.value })}
              />
              {b.type === "URL" ? (
                <Input
                  value={b.url}
                  placeholder="https://…/{{1}}"
                  onChange={(e) => setButton(i, { url: e.target.value })}
                />
              ) : b.type === "PHONE_NUMBER" ? (
                <Input
                  value={b.phoneNumber}
                  placeholder="+14155550100"
                  onChange={(e) => setButton(i, { phoneNumber: e.target.value })}
                />
              ) : null}
              {editable ? (
                <Button
                  type="button"
                  variant="ghost"
                  size="icon"
                  aria-label="Remove button"
                  onClick={() => set({ buttons: f.buttons.filter((_, j) => j !== i) })}
                >
                  <Trash2 />
                </Button>
              ) : null}
            </div>
          ))}
          {err("buttons")}
          {editable ? (
            <div className="flex flex-wrap gap-2">
              <Button
                type="button"
                variant="outline"
                size="sm"
                onClick={() => set({ buttons: [...f.buttons, { type: "QUICK_REPLY", text: "" }] })}
              >
                + Quick reply
              </Button>
              <Button
                type="button"
                variant="outline"
                size="sm"
                onClick={() => set({ buttons: [...f.buttons, { type: "URL", text: "", url: "https://" }] })}
              >
                + Link
              </Button>
              <Button
                type="button"
                variant="outline"
                size="sm"
                onClick={() => set({ buttons: [...f.buttons, { type: "PHONE_NUMBER", text: "", phoneNumber: "+" }] })}
              >
                + Phone
              </Button>
            </div>
          ) : null}
        </div>
        {editable ? (
          <div className="flex gap-2 border-t pt-3">
            <Button
              type="button"
              variant="outline"
              onClick={save}
              disabled={actions.create.isPending || actions.update.isPending}
            >
              Save draft
            </Button>
            <Button type="button" onClick={submit} disabled={actions.submit.isPending}>
              Submit for review
            </Button>
          </div>
        ) : null}
      </fieldset>
      <aside className="hidden w-[340px] shrink-0 space-y-3 border-l bg-muted/30 p-4 lg:block xl:w-[380px]">
        <p className="text-xs font-medium text-muted-foreground">Preview (with the examples)</p>
        <WhatsAppPreview content={formPreview(f)} />
        {row && !props.readOnly ? (
          <Button
            type="button"
            variant="ghost"
            size="sm"
            className="text-red-600"
            onClick={() =>
              actions.remove
                .mutateAsync(row.id)
                .then(() => {
                  toast.success(row.externalId ? "Deleted here and on WhatsApp" : "Draft deleted");
                  props.onClose();
                })
                .catch(fail)
            }
          >
            <Trash2 /> Delete
          </Button>
        ) : null}
      </aside>
    </section>
  );
}
