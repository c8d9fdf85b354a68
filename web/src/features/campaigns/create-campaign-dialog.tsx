import { useMemo, useState } from "react";
import { toast } from "sonner";
import { useLocation } from "wouter";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { useContactList } from "@/features/contacts/queries";
import { useLabels } from "@/features/labels/queries";
import { useChannels } from "@/features/settings/channels/queries";
import { useAllTemplates } from "@/features/templates/queries";
import { errorMessage } from "@/lib/api";
import { AudienceLists } from "./form/audience-lists";
import { defaultFollowUp, type FollowUpDraft, FollowUpFields, followUpBody } from "./form/follow-up-fields";
import { MarketingApiField, type MarketingDraft, marketingBody } from "./form/marketing-api-field";
import { defaultWindow, SendWindowFields, type WindowDraft, windowBody } from "./form/send-window-fields";
import { campaignBodyErrors, errorUnder } from "./form/validation";
import { useCreateCampaign } from "./queries";
import { defaultVariants, defaultWinner, VariantsEditor, variantsBody, variantsProblem } from "./variants-editor";

const fields = ["name", "first_name", "phone", "email", "text"] as const;
const selectCls = "h-8 w-full rounded-md border bg-background px-2 text-[13px] dark:bg-input/20";

/** Placeholders ({{1}} or {{name}}) of a template's header and body, in order of appearance. */
function placeholders(content: unknown): { header: string[]; body: string[] } {
  const c = (content ?? {}) as { header?: { text?: string }; body?: string | { text?: string } };
  const scan = (t?: string) => [...new Set([...(t ?? "").matchAll(/\{\{\s*([\w]+)\s*\}\}/g)].map((m) => m[1]!))];
  const body = typeof c.body === "string" ? c.body : c.body?.text;
  return { header: scan(c.header?.text), body: scan(body) };
}

type Source = { field: string; value?: string; fallback?: string };

export function CreateCampaignDialog({ onClose }: { onClose: () => void }) {
  const [, navigate] = useLocation();
  const channels = useChannels();
  const whatsapp = (channels.data ?? []).filter((c) => c.type === "whatsapp");
  const [channelId, setChannelId] = useState("");
  const channel = channelId || whatsapp[0]?.id || "";
  const templates = useAllTemplates({ ...(channel ? { channel } : {}), status: "APPROVED" });
  const [templateId, setTemplateId] = useState("");
  const template = templates.data?.find((t) => t.id === templateId) ?? null;
  const vars = useMemo(() => placeholders(template?.content), [template]);
  const [mapping, setMapping] = useState<Record<string, Source>>({});
  const labels = useLabels();
  const [labelIds, setLabelIds] = useState<string[]>([]);
  const [q, setQ] = useState("");
  const contacts = useContactList(q);
  const [picked, setPicked] = useState<Map<string, string>>(new Map());
  const [name, setName] = useState("");
  const [rate, setRate] = useState(80);
  const [when, setWhen] = useState<"now" | "later">("now");
  const [at, setAt] = useState("");
  const [ab, setAb] = useState(false);
  const [variants, setVariants] = useState(defaultVariants);
  const [winner, setWinner] = useState(defaultWinner);
  const [segmentIds, setSegmentIds] = useState<string[]>([]);
  const [importIds, setImportIds] = useState<string[]>([]);
  const [sendWindow, setSendWindow] = useState<WindowDraft>(defaultWindow);
  const [marketing, setMarketing] = useState<MarketingDraft>({ on: false, ttlSeconds: null });
  const [followUp, setFollowUp] = useState<FollowUpDraft>(defaultFollowUp);
  const [tried, setTried] = useState(false);
  const create = useCreateCampaign();
  const contentOf = (id: string) => templates.data?.find((t) => t.id === id)?.content;
  const followUpVars = placeholders(contentOf(followUp.templateId));

  /** One template's mapping; `scope` keeps each variant's choices apart ("" without a split). */
  const mappingFor = (scope: string, v: { header: string[]; body: string[] }) => {
    const part = (keys: string[], prefix: string) =>
      keys.length
        ? Object.fromEntries(
            keys.map((k) => [k, mapping[`${scope}|${prefix}.${k}`] ?? { field: "first_name", fallback: "there" }]),
          )
        : undefined;
    return { header: part(v.header, "header"), body: part(v.body, "body") };
  };
  const marketingApi = !ab && template?.category === "MARKETING" ? marketingBody(marketing) : undefined;
  const body = {
    name,
    channelId: channel,
    ...(ab
      ? variantsBody(variants, winner, (key, id) => mappingFor(key, placeholders(contentOf(id))))
      : { templateId, mapping: mappingFor("", vars) }),
    ratePerSecond: rate,
    audience: { labelIds, contactIds: [...picked.keys()], segmentIds, importIds },
    ...(when === "later" && at ? { scheduledAt: new Date(at).toISOString() } : {}),
    ...(sendWindow.on ? { window: windowBody(sendWindow) } : {}),
    ...(marketingApi ? { marketingMessagesApi: marketingApi } : {}),
    ...(followUp.on ? { followUp: followUpBody(followUp, mappingFor("followUp", followUpVars)) } : {}),
  };
  const abProblem = ab ? variantsProblem(variants, winner) : null;
  const errors: Record<string, string> = { ...campaignBodyErrors(body), ...(abProblem ? { variants: abProblem } : {}) };
  // The window's own messages show as it is edited; the rest once a create was tried.
  const shown = tried ? errors : Object.fromEntries(Object.entries(errors).filter(([p]) => p.startsWith("window")));

  const submit = async () => {
    setTried(true);
    if (Object.keys(errors).length) return;
    try {
      const c = await create.mutateAsync(body);
      toast.success("Campaign created");
      onClose();
      navigate(`/campaigns/${c.id}`);
    } catch (err) {
      toast.error(errorMessage(err));
    }
  };

  const varRow = (scope: string, prefix: string, k: string) => {
    const key = `${scope}|${prefix}.${k}`;
    const v = mapping[key] ?? { field: "first_name", fallback: "there" };
    const set = (p: Partial<Source>) => setMapping((m) => ({ ...m, [key]: { ...v, ...p } }));
    return (
      <div key={key} className="grid grid-cols-[5rem_1fr_1fr] items-center gap-2">
        <code className="text-xs">{`{{${k}}}`}</code>
        <select
          aria-label={`Source of ${k}`}
          className={selectCls}
          value={v.field}
          onChange={(e) => set({ field: e.target.value })}
        >
          {fields.map((f) => (
            <option key={f} value={f}>
              {f === "text" ? "fixed text" : `contact ${f.replace("_", " ")}`}
            </option>
          ))}
        </select>
        {v.field === "text" ? (
          <Input aria-label={`Text for ${k}`} value={v.value ?? ""} onChange={(e) => set({ value: e.target.value })} />
        ) : (
          <Input
            aria-label={`Fallback for ${k}`}
            placeholder="fallback"
            value={v.fallback ?? ""}
            onChange={(e) => set({ fallback: e.target.value })}
          />
        )}
      </div>
    );
  };

  const contactItems = contacts.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title="New campaign" className="max-w-2xl">
        <div className="max-h-[70vh] space-y-4 overflow-y-auto pr-1 text-[13px]">
          <label htmlFor="campaign-name" className="block space-y-1">
            <span className="font-medium">Name</span>
            <Input
              id="campaign-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              data-testid="campaign-name"
            />
            {shown.name ? <span className="block text-xs text-destructive">{shown.name}</span> : null}
          </label>
          <div className="grid grid-cols-2 gap-3">
            <label className="block space-y-1">
              <span className="font-medium">WhatsApp number</span>
              <select
                className={selectCls}
                value={channel}
                onChange={(e) => setChannelId(e.target.value)}
                aria-label="WhatsApp number"
              >
                {whatsapp.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="block space-y-1">
              <span className="font-medium">Approved template</span>
              <select
                disabled={ab}
                className={selectCls}
                value={templateId}
                onChange={(e) => {
                  setTemplateId(e.target.value);
                  setMapping({});
                }}
                aria-label="Template"
              >
                <option value="">Choose…</option>
                {(templates.data ?? []).map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name} ({t.language})
                  </option>
                ))}
              </select>
              {shown.templateId ? <span className="block text-xs text-destructive">{shown.templateId}</span> : null}
            </label>
          </div>
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={ab} onChange={(e) => setAb(e.target.checked)} data-testid="campaign-ab" />
            <span>A/B split: two to five templates, each to a share of the audience</span>
          </label>
          {ab ? (
            <VariantsEditor
              templates={templates.data ?? []}
              variants={variants}
              onVariants={setVariants}
              winner={winner}
              onWinner={setWinner}
              renderVars={(v) => {
                const p = placeholders(contentOf(v.templateId));
                return p.header.length + p.body.length ? (
                  <div className="space-y-2">
                    {p.header.map((k) => varRow(v.key, "header", k))}
                    {p.body.map((k) => varRow(v.key, "body", k))}
                  </div>
                ) : null;
              }}
            />
          ) : vars.header.length + vars.body.length ? (
            <fieldset className="space-y-2 rounded-md border p-3">
              <legend className="px-1 font-medium">Variables</legend>
              {vars.header.map((k) => varRow("", "header", k))}
              {vars.body.map((k) => varRow("", "body", k))}
              {errorUnder(shown, "mapping") ? (
                <p className="text-xs text-destructive">{errorUnder(shown, "mapping")}</p>
              ) : null}
            </fieldset>
          ) : null}
          <fieldset className="space-y-2 rounded-md border p-3">
            <legend className="px-1 font-medium">Audience</legend>
            <div className="flex flex-wrap gap-1.5">
              {(labels.data ?? []).map((l) => {
                const on = labelIds.includes(l.id);
                return (
                  <button
                    type="button"
                    key={l.id}
                    aria-pressed={on}
                    onClick={() => setLabelIds((ids) => (on ? ids.filter((i) => i !== l.id) : [...ids, l.id]))}
                    className={`rounded-full border px-2 py-0.5 text-xs ${on ? "border-primary bg-primary/10 text-primary" : "text-muted-foreground"}`}
                  >
                    {l.name}
                  </button>
                );
              })}
              {labels.data && !labels.data.length ? <span className="text-muted-foreground">No tags yet</span> : null}
            </div>
            <Input
              placeholder="Search contacts to add…"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              aria-label="Search contacts"
            />
            <div className="max-h-36 overflow-y-auto rounded-md border">
              {contactItems.slice(0, 50).map((c) => (
                <label key={c.id} className="flex items-center gap-2 px-2 py-1 hover:bg-accent/50">
                  <input
                    type="checkbox"
                    checked={picked.has(c.id)}
                    onChange={(e) =>
                      setPicked((m) => {
                        const n = new Map(m);
                        if (e.target.checked) n.set(c.id, c.name ?? c.id);
                        else n.delete(c.id);
                        return n;
                      })
                    }
                  />
                  <span>{c.name ?? "Unnamed"}</span>
                </label>
              ))}
            </div>
            <AudienceLists
              segmentIds={segmentIds}
              importIds={importIds}
              onSegments={setSegmentIds}
              onImports={setImportIds}
            />
            <p className="text-xs text-muted-foreground">
              {labelIds.length} tag(s), {picked.size} contact(s), {segmentIds.length} segment(s), {importIds.length}{" "}
              list(s) selected; each contact gets one message, opted-out contacts none.
            </p>
            {shown.audience ? <p className="text-xs text-destructive">{shown.audience}</p> : null}
          </fieldset>
          <div className="grid grid-cols-2 gap-3">
            <label htmlFor="campaign-rate" className="block space-y-1">
              <span className="font-medium">Rate (messages per second, 1–1000)</span>
              <Input
                id="campaign-rate"
                type="number"
                min={1}
                max={1000}
                value={rate}
                onChange={(e) => setRate(Number(e.target.value))}
              />
              {shown.ratePerSecond ? (
                <span className="block text-xs text-destructive">{shown.ratePerSecond}</span>
              ) : null}
            </label>
            <div className="space-y-1">
              <span className="font-medium">Schedule</span>
              <div className="flex items-center gap-2">
                <select
                  className={selectCls}
                  value={when}
                  onChange={(e) => setWhen(e.target.value as "now" | "later")}
                  aria-label="Schedule"
                >
                  <option value="now">When started</option>
                  <option value="later">At a time</option>
                </select>
                {when === "later" ? (
                  <Input
                    type="datetime-local"
                    value={at}
                    onChange={(e) => setAt(e.target.value)}
                    aria-label="Send at"
                  />
                ) : null}
              </div>
            </div>
          </div>
          <SendWindowFields value={sendWindow} onChange={setSendWindow} errors={shown} />
          <FollowUpFields
            value={followUp}
            onChange={setFollowUp}
            templates={templates.data ?? []}
            errors={shown}
            vars={
              followUpVars.header.length + followUpVars.body.length ? (
                <div className="space-y-2">
                  {followUpVars.header.map((k) => varRow("followUp", "header", k))}
                  {followUpVars.body.map((k) => varRow("followUp", "body", k))}
                </div>
              ) : null
            }
          />
          <MarketingApiField
            value={marketing}
            onChange={setMarketing}
            category={template?.category}
            error={errorUnder(shown, "marketingMessagesApi")}
          />
        </div>
        <DialogFooter>
          <Button variant="outline" onClick={onClose}>
            Cancel
          </Button>
          <Button
            disabled={create.isPending || (tried && Object.keys(errors).length > 0)}
            onClick={() => void submit()}
            data-testid="create-campaign"
          >
            Create draft
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
