import type { CsatSettings, CsatSettingsBody } from "@switchboard/contracts";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { ErrorState } from "@/components/states";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { PageBody, PageHeader } from "@/features/settings/page-header";
import { errorMessage } from "@/lib/api";
import { useCsatSettings, useUpdateCsatSettings } from "./queries";

const CHANNELS: { key: keyof CsatSettings["channels"]; label: string; how: string }[] = [
  { key: "webchat", label: "Website", how: "Five stars in the widget, then a comment box" },
  { key: "whatsapp", label: "WhatsApp", how: "A list of five ratings; outside 24 h the template below" },
  { key: "telegram", label: "Telegram", how: "An inline keyboard of five" },
  { key: "instagram", label: "Instagram", how: "Quick replies, or a typed answer (“4”, “★★★★”)" },
  { key: "x", label: "X", how: "A typed answer (“4 - great”, “★★★★”)" },
];

function Toggle({
  id,
  label,
  hint,
  checked,
  onChange,
}: {
  id: string;
  label: string;
  hint: string;
  checked: boolean;
  onChange: (v: boolean) => void;
}) {
  return (
    <div className="flex items-center justify-between gap-4 border-t pt-4 first:border-t-0 first:pt-0">
      <div>
        <Label htmlFor={id}>{label}</Label>
        <p className="mt-1 text-xs text-muted-foreground">{hint}</p>
      </div>
      <Switch id={id} checked={checked} onCheckedChange={onChange} />
    </div>
  );
}

export function CsatSettingsPage() {
  const q = useCsatSettings();
  const save = useUpdateCsatSettings();
  const [texts, setTexts] = useState({ question: "", thanks: "", template: "", language: "" });
  useEffect(() => {
    if (!q.data) return;
    setTexts({
      question: q.data.question,
      thanks: q.data.thanks,
      template: q.data.whatsappTemplate?.name ?? "",
      language: q.data.whatsappTemplate?.language ?? "",
    });
  }, [q.data]);
  const apply = (body: CsatSettingsBody, ok = "Saved") =>
    save.mutate(body, {
      onSuccess: () => toast.success(ok),
      onError: (err) => toast.error(errorMessage(err)),
    });
  return (
    <PageBody>
      <PageHeader
        title="CSAT"
        description="After a conversation is resolved the customer is asked for a 1–5 rating and a comment on their channel. Every resolved conversation also gets an AI quality score when a language model is configured."
      />
      {q.isPending ? (
        <Skeleton className="h-80 w-full" />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <div className="flex flex-col gap-6">
          <Card>
            <CardHeader>
              <CardTitle>Channels</CardTitle>
              <CardDescription>Where the survey is sent. Each channel asks in its own way.</CardDescription>
            </CardHeader>
            <CardContent className="flex flex-col gap-4">
              {CHANNELS.map((c) => (
                <Toggle
                  key={c.key}
                  id={`csat-${c.key}`}
                  label={c.label}
                  hint={c.how}
                  checked={q.data.channels[c.key]}
                  onChange={(v) => apply({ channels: { [c.key]: v } }, `${c.label}: surveys ${v ? "on" : "off"}`)}
                />
              ))}
              <Toggle
                id="csat-ai"
                label="Also after AI resolutions"
                hint="Ask when the AI agent resolved the conversation (confirmed or assumed). Off by default."
                checked={q.data.afterAiResolutions}
                onChange={(v) => apply({ afterAiResolutions: v })}
              />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Wording and WhatsApp template</CardTitle>
              <CardDescription>
                Outside WhatsApp's 24-hour window only an approved template can be sent; without one the survey is
                skipped and the conversation says why.
              </CardDescription>
            </CardHeader>
            <CardContent>
              <form
                className="flex flex-col gap-4"
                onSubmit={(e) => {
                  e.preventDefault();
                  apply({
                    question: texts.question,
                    thanks: texts.thanks,
                    whatsappTemplate: texts.template.trim()
                      ? { name: texts.template.trim(), language: texts.language.trim() || "en" }
                      : null,
                  });
                }}
              >
                <div className="flex flex-col gap-1.5">
                  <Label htmlFor="csat-question">Question</Label>
                  <Input
                    id="csat-question"
                    value={texts.question}
                    onChange={(e) => setTexts({ ...texts, question: e.target.value })}
                  />
                </div>
                <div className="flex flex-col gap-1.5">
                  <Label htmlFor="csat-thanks">Thanks (invites a comment)</Label>
                  <Input
                    id="csat-thanks"
                    value={texts.thanks}
                    onChange={(e) => setTexts({ ...texts, thanks: e.target.value })}
                  />
                </div>
                <div className="grid grid-cols-[1fr_8rem] gap-3">
                  <div className="flex flex-col gap-1.5">
                    <Label htmlFor="csat-template">WhatsApp template name</Label>
                    <Input
                      id="csat-template"
                      placeholder="csat_survey (empty: skip outside 24 h)"
                      value={texts.template}
                      onChange={(e) => setTexts({ ...texts, template: e.target.value })}
                    />
                  </div>
                  <div className="flex flex-col gap-1.5">
                    <Label htmlFor="csat-language">Language</Label>
                    <Input
                      id="csat-language"
                      placeholder="en"
                      value={texts.language}
                      onChange={(e) => setTexts({ ...texts, language: e.target.value })}
                    />
                  </div>
                </div>
                <div>
                  <Button type="submit" disabled={save.isPending}>
                    Save
                  </Button>
                </div>
              </form>
            </CardContent>
          </Card>
        </div>
      )}
    </PageBody>
  );
}
