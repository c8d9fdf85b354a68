import { FileText, RotateCw, SendHorizontal } from "lucide-react";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { useTemplates } from "@/features/templates/queries";
import { placeholders, renderBody, renderParts, templateKey } from "@/features/templates/render";
import { errorMessage } from "@/lib/api";
import type { Template, TemplateSendInput } from "@/lib/types";
import { cn } from "@/lib/utils";

function Preview({ template, params }: { template: Template; params: string[] }) {
  return (
    <div className="rounded-lg bg-secondary/60 px-3 py-2">
      <p className="mb-1 text-[10.5px] font-semibold tracking-wide text-muted-foreground uppercase">Preview</p>
      <p data-testid="template-preview" className="text-[13px] leading-relaxed whitespace-pre-wrap">
        {renderParts(template.bodyText, params).map((p, i) =>
          p.param ? (
            <mark
              // biome-ignore lint/suspicious/noArrayIndexKey: parts are positional
              key={i}
              className={cn(
                "rounded px-0.5",
                p.filled ? "bg-primary/15 text-foreground" : "bg-amber-400/25 text-amber-800 dark:text-amber-300",
              )}
            >
              {p.text}
            </mark>
          ) : (
            // biome-ignore lint/suspicious/noArrayIndexKey: parts are positional
            <span key={i}>{p.text}</span>
          ),
        )}
      </p>
    </div>
  );
}

/** Outside WhatsApp's 24-hour window: choose an approved template, fill its parameters, send. */
export function TemplatePicker({
  channelId,
  onSend,
  sending,
}: {
  channelId: string;
  onSend: (template: TemplateSendInput, preview: string) => void;
  sending: boolean;
}) {
  const q = useTemplates(channelId);
  const approved = useMemo(() => (q.data ?? []).filter((t) => t.status.toUpperCase() === "APPROVED"), [q.data]);
  const [key, setKey] = useState<string>("");
  const [params, setParams] = useState<string[]>([]);
  const template = approved.find((t) => templateKey(t) === key) ?? null;
  const names = template ? placeholders(template.bodyText) : [];
  const complete = !!template && names.every((_, i) => params[i]?.trim());

  if (q.isPending) return <Skeleton className="m-3 h-16" />;
  if (q.isError)
    return (
      <div role="alert" className="flex items-center gap-2 px-3 py-3 text-[13px] text-destructive">
        Couldn't load templates: {errorMessage(q.error)}
        <Button variant="outline" size="sm" onClick={() => void q.refetch()}>
          <RotateCw /> Try again
        </Button>
      </div>
    );
  if (approved.length === 0)
    return (
      <p data-testid="no-templates" className="flex items-start gap-2 px-3 py-3 text-[13px] text-muted-foreground">
        <FileText className="mt-0.5 size-4 shrink-0" />
        No approved templates on this number. An admin can create them in WhatsApp Manager and sync them in Settings →
        Channels.
      </p>
    );

  const send = () => {
    if (!template || !complete) return;
    const bodyParameters = names.map((_, i) => params[i]?.trim() ?? "");
    onSend(
      { name: template.name, language: template.language, bodyParameters },
      renderBody(template.bodyText, bodyParameters),
    );
    setParams([]);
  };

  return (
    <div data-testid="template-picker" className="grid gap-2.5 px-3 pt-2.5 pb-3">
      <Select
        value={key}
        onValueChange={(v) => {
          setKey(v);
          setParams([]);
        }}
      >
        <SelectTrigger aria-label="Template" data-testid="template-select">
          <SelectValue placeholder="Choose an approved template…" />
        </SelectTrigger>
        <SelectContent>
          {approved.map((t) => (
            <SelectItem key={t.id} value={templateKey(t)} data-testid="template-option">
              <span className="font-mono text-[12.5px]">{t.name}</span>
              <span className="text-muted-foreground"> · {t.language}</span>
              {t.category ? <span className="text-muted-foreground"> · {t.category.toLowerCase()}</span> : null}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
      {template ? (
        <>
          {names.length ? (
            <div className="grid grid-cols-2 gap-2">
              {names.map((n, i) => (
                <div key={n} className="grid gap-1 text-[12px] font-medium">
                  <label htmlFor={`tpl-param-${i}`}>
                    Parameter <code className="font-mono">{`{{${n}}}`}</code>
                  </label>
                  <Input
                    id={`tpl-param-${i}`}
                    data-testid="template-param"
                    value={params[i] ?? ""}
                    maxLength={1000}
                    onChange={(e) =>
                      setParams((cur) => {
                        const next = [...cur];
                        next[i] = e.target.value;
                        return next;
                      })
                    }
                    onKeyDown={(e) => {
                      if (e.key === "Enter") {
                        e.preventDefault();
                        send();
                      }
                    }}
                  />
                </div>
              ))}
            </div>
          ) : null}
          <Preview template={template} params={params} />
        </>
      ) : null}
      <div className="flex items-center justify-end gap-2">
        {template && !complete ? (
          <span className="text-[11.5px] text-muted-foreground">Fill in every parameter to send</span>
        ) : null}
        <Button size="sm" onClick={send} disabled={!complete || sending} data-testid="template-send">
          {sending ? <Spinner className="size-3.5" /> : <SendHorizontal />} Send template
        </Button>
      </div>
    </div>
  );
}
