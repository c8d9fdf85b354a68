import type {
  TicketNoticeSettings,
  TicketNoticeStatus,
  TicketNoticeVariable,
  TicketStatusNotice,
} from "@switchboard/contracts";
import { ticketNoticeVariables } from "@switchboard/contracts/values";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { toast } from "sonner";
import { ErrorState } from "@/components/states";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { selectClass } from "@/features/ai/provider-card";
import { PageBody, PageHeader } from "@/features/settings/page-header";
import { ApiError, api, errorMessage } from "@/lib/api";

const STATUSES: { key: TicketNoticeStatus; label: string }[] = [
  { key: "open", label: "Open" },
  { key: "pending", label: "Pending (waiting on the customer)" },
  { key: "on_hold", label: "On hold (waiting on a third party)" },
  { key: "solved", label: "Solved" },
  { key: "closed", label: "Closed" },
];

interface ApprovedTemplate {
  name: string;
  language: string;
  content: { body: string };
}

const noticeKeys = {
  settings: ["tickets", "notice-settings"] as const,
  templates: ["templates", "approved"] as const,
};

export function useNoticeSettings() {
  return useQuery({
    queryKey: noticeKeys.settings,
    queryFn: ({ signal }) => api<TicketNoticeSettings>("/api/tickets/notice-settings", { signal }),
  });
}

function useApprovedTemplates() {
  return useQuery({
    queryKey: noticeKeys.templates,
    queryFn: ({ signal }) => api<{ items: ApprovedTemplate[] }>("/api/templates?status=APPROVED", { signal }),
    select: (d) => {
      const seen = new Map<string, ApprovedTemplate>();
      for (const t of d.items) seen.set(`${t.name}|${t.language}`, t);
      return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
    },
  });
}

/** How many body parameters a template takes ({{1}}, {{2}}, ... or named ones, each once). */
export const parameterCount = (body: string) =>
  new Set([...body.matchAll(/\{\{\s*([^}]+?)\s*\}\}/g)].map((m) => m[1])).size;

const DEFAULT_ORDER: TicketNoticeVariable[] = ["ticket.number", "ticket.status", "ticket.subject", "contact.name"];

function StatusNotice({
  id,
  label,
  value,
  templates,
  error,
  onChange,
}: {
  id: TicketNoticeStatus;
  label: string;
  value: TicketStatusNotice;
  templates: ApprovedTemplate[] | undefined;
  error?: string;
  onChange: (v: TicketStatusNotice) => void;
}) {
  const t = value.whatsappTemplate;
  const chosen = t ? templates?.find((x) => x.name === t.name && x.language === t.language) : undefined;
  const pick = (key: string) => {
    if (!key) return onChange({ ...value, whatsappTemplate: null });
    const found = templates?.find((x) => `${x.name}|${x.language}` === key);
    if (!found) return;
    const n = parameterCount(found.content.body);
    onChange({
      ...value,
      whatsappTemplate: {
        name: found.name,
        language: found.language,
        bodyVariables: Array.from({ length: n }, (_, i) => DEFAULT_ORDER[i % DEFAULT_ORDER.length]!),
      },
    });
  };
  return (
    <div className="flex flex-col gap-3 border-t pt-4 first:border-t-0 first:pt-0" data-testid={`notice-${id}`}>
      <div className="flex items-center justify-between gap-4">
        <Label htmlFor={`notice-${id}-on`}>{label}</Label>
        <Switch
          id={`notice-${id}-on`}
          aria-label={`Notify on ${label}`}
          checked={value.enabled}
          onCheckedChange={(enabled) => onChange({ ...value, enabled })}
        />
      </div>
      {value.enabled ? (
        <>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={`notice-${id}-message`} className="text-xs text-muted-foreground">
              Message
            </Label>
            <Textarea
              id={`notice-${id}-message`}
              rows={2}
              value={value.message}
              aria-invalid={!!error}
              onChange={(e) => onChange({ ...value, message: e.target.value })}
            />
            {error ? <p className="text-xs text-destructive">{error}</p> : null}
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={`notice-${id}-template`} className="text-xs text-muted-foreground">
              WhatsApp outside the 24-hour window
            </Label>
            {templates && !templates.length && !t ? (
              <p className="rounded-md border border-dashed px-3 py-2 text-xs text-muted-foreground">
                No approved templates yet (Templates). Without one the notice is skipped outside the window, and the
                ticket's timeline says so.
              </p>
            ) : (
              <select
                id={`notice-${id}-template`}
                className={selectClass}
                value={t ? `${t.name}|${t.language}` : ""}
                onChange={(e) => pick(e.target.value)}
              >
                <option value="">None: skip the notice outside the window</option>
                {t && !chosen ? (
                  <option value={`${t.name}|${t.language}`}>
                    {t.name} ({t.language}) — no longer approved
                  </option>
                ) : null}
                {templates?.map((x) => (
                  <option key={`${x.name}|${x.language}`} value={`${x.name}|${x.language}`}>
                    {x.name} ({x.language})
                  </option>
                ))}
              </select>
            )}
            {t && chosen ? <p className="text-xs text-muted-foreground">“{chosen.content.body}”</p> : null}
            {t?.bodyVariables
              .map((v, i) => ({ v, slot: i + 1 }))
              .map(({ v, slot }, i) => (
                <div key={`${t.name}-{{${slot}}}`} className="grid grid-cols-[3rem_1fr] items-center gap-2">
                  <Label
                    htmlFor={`notice-${id}-param-${i}`}
                    className="text-xs text-muted-foreground"
                  >{`{{${i + 1}}}`}</Label>
                  <select
                    id={`notice-${id}-param-${i}`}
                    className={selectClass}
                    value={v}
                    onChange={(e) => {
                      const bodyVariables = [...t.bodyVariables];
                      bodyVariables[i] = e.target.value as TicketNoticeVariable;
                      onChange({ ...value, whatsappTemplate: { ...t, bodyVariables } });
                    }}
                  >
                    {ticketNoticeVariables.map((name) => (
                      <option key={name} value={name}>
                        {name}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
          </div>
        </>
      ) : null}
    </div>
  );
}

/** The "Customer notices" card: per status on/off, the text, and the WhatsApp template outside 24 h. */
export function CustomerNoticesCard() {
  const q = useNoticeSettings();
  const templates = useApprovedTemplates();
  const qc = useQueryClient();
  const [draft, setDraft] = useState<TicketNoticeSettings | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (q.data) setDraft(q.data);
  }, [q.data]);
  const save = useMutation({
    mutationFn: (body: TicketNoticeSettings) =>
      api<TicketNoticeSettings>("/api/tickets/notice-settings", { method: "PUT", body }),
    onSuccess: (data) => {
      qc.setQueryData(noticeKeys.settings, data);
      setErrors({});
      toast.success("Customer notices saved");
    },
    onError: (err) => {
      const fields =
        err instanceof ApiError
          ? (err.details as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors
          : undefined;
      const next: Record<string, string> = {};
      for (const [k, v] of Object.entries(fields ?? {})) next[k.split(".")[0] ?? k] = v[0] ?? "Invalid";
      setErrors(next);
      toast.error(errorMessage(err));
    },
  });
  const dirty = useMemo(() => !!draft && !!q.data && JSON.stringify(draft) !== JSON.stringify(q.data), [draft, q.data]);
  const on = draft ? STATUSES.filter((s) => draft[s.key].enabled).length : 0;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Customer notices</CardTitle>
        <CardDescription>
          When a ticket moves to a status turned on here, the customer of each linked conversation gets this message on
          their channel. Variables: {ticketNoticeVariables.map((v) => `{{${v}}}`).join(", ")}. Outcomes show on the
          ticket's timeline.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {q.isPending ? (
          <div className="flex flex-col gap-3" role="status" aria-busy="true" aria-label="Loading customer notices">
            {STATUSES.map((s) => (
              <Skeleton key={s.key} className="h-8 w-full" />
            ))}
          </div>
        ) : q.isError ? (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        ) : draft ? (
          <form
            className="flex flex-col gap-4"
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate(draft);
            }}
          >
            {on === 0 ? (
              <p className="rounded-md bg-muted/60 px-3 py-2 text-xs text-muted-foreground" data-testid="notices-empty">
                No notices are on: customers are not told about status changes. Turn a status on to write its message.
              </p>
            ) : null}
            {STATUSES.map((s) => (
              <StatusNotice
                key={s.key}
                id={s.key}
                label={s.label}
                value={draft[s.key]}
                templates={templates.data}
                error={errors[s.key]}
                onChange={(v) => setDraft({ ...draft, [s.key]: v })}
              />
            ))}
            {templates.isError ? (
              <p className="text-xs text-destructive">Templates could not be loaded: {errorMessage(templates.error)}</p>
            ) : null}
            <div className="flex items-center gap-2">
              <Button type="submit" disabled={!dirty || save.isPending}>
                Save
              </Button>
              {dirty ? (
                <Button type="button" variant="ghost" onClick={() => setDraft(q.data)}>
                  Discard
                </Button>
              ) : null}
            </div>
          </form>
        ) : null}
      </CardContent>
    </Card>
  );
}

export function TicketSettingsPage() {
  return (
    <PageBody>
      <PageHeader title="Tickets" description="How tickets talk to customers." />
      <CustomerNoticesCard />
    </PageBody>
  );
}
