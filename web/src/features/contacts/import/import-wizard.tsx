import type { ContactImport } from "@switchboard/contracts";
import { useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, Download, FileUp, OctagonX, TriangleAlert } from "lucide-react";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { ApiError, errorMessage, type FieldErrors } from "@/lib/api";
import { cn } from "@/lib/utils";
import { builtInTargets, guessMapping, type Target, toMapping } from "./mapping";
import { useCancelImport, useContactFields, useContactImport, useStartImport, useUploadImport } from "./queries";

const n = (v: number) => v.toLocaleString();

/** Upload → map columns (with the preview) → live progress → summary with the error report. */
export function ImportWizard({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const qc = useQueryClient();
  const [importId, setImportId] = useState<string | null>(null);
  const imp = useContactImport(importId);
  const close = (next: boolean) => {
    onOpenChange(next);
    if (!next) {
      if (importId) void qc.invalidateQueries({ queryKey: ["contacts", "list"] });
      setImportId(null);
    }
  };
  const current = imp.data;
  const step = !current
    ? "upload"
    : current.status === "uploaded"
      ? "map"
      : ["queued", "running"].includes(current.status)
        ? "progress"
        : "summary";
  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent
        title="Import contacts"
        description={
          step === "upload"
            ? "A CSV file with a header row: one contact per row, one phone number each."
            : current?.fileName
        }
        className="max-w-3xl"
        data-testid="import-wizard"
      >
        {step === "upload" ? <UploadStep onUploaded={setImportId} /> : null}
        {step === "map" && current ? <MapStep imp={current} /> : null}
        {step === "progress" && current ? <ProgressStep imp={current} /> : null}
        {step === "summary" && current ? <SummaryStep imp={current} onDone={() => close(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function UploadStep({ onUploaded }: { onUploaded: (id: string) => void }) {
  const upload = useUploadImport();
  const [dragging, setDragging] = useState(false);
  const send = (file: File | undefined) => {
    if (file) upload.mutate(file, { onSuccess: (imp) => onUploaded(imp.id) });
  };
  return (
    <div className="grid gap-3">
      <label
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          send(e.dataTransfer.files[0]);
        }}
        className={cn(
          "flex cursor-pointer flex-col items-center gap-2 rounded-lg border-2 border-dashed px-6 py-10 text-center transition-colors",
          dragging ? "border-primary bg-primary/5" : "border-input hover:bg-accent/50",
        )}
      >
        {upload.isPending ? <Spinner className="size-6" /> : <FileUp className="size-6 text-muted-foreground" />}
        <span className="text-[13.5px] font-medium">
          {upload.isPending ? "Reading the file…" : "Drop a CSV here, or choose a file"}
        </span>
        <span className="text-[12px] text-muted-foreground">CSV (UTF-8), up to 50 MB and 100,000 rows</span>
        <input
          type="file"
          accept=".csv,text/csv"
          className="sr-only"
          data-testid="import-file"
          disabled={upload.isPending}
          onChange={(e) => send(e.target.files?.[0])}
        />
      </label>
      {upload.isError ? (
        <p role="alert" className="flex items-center gap-1.5 text-[13px] text-destructive">
          <TriangleAlert className="size-4" /> {errorMessage(upload.error)}
        </p>
      ) : null}
    </div>
  );
}

function MapStep({ imp }: { imp: ContactImport }) {
  const fields = useContactFields();
  const start = useStartImport(imp.id);
  const initial = useMemo(() => guessMapping(imp.columns, fields.data ?? []), [imp.columns, fields.data]);
  const [edited, setEdited] = useState<Record<string, Target>>({});
  const [country, setCountry] = useState("");
  const [tags, setTags] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const choices = { ...initial, ...edited };
  const mapping = toMapping(choices);
  const targets = [
    ...builtInTargets,
    ...(fields.data ?? []).map((f) => ({ value: `field:${f.key}` as Target, label: `${f.label} (${f.type})` })),
  ];
  const submit = () => {
    if (!mapping) return;
    setErrors({});
    start.mutate(
      {
        mapping,
        defaultCountry: country.trim() ? country.trim().toUpperCase() : undefined,
        tags: tags
          .split(",")
          .map((t) => t.trim())
          .filter(Boolean),
      },
      { onError: (err) => setErrors(err instanceof ApiError ? err.fieldErrors : {}) },
    );
  };
  return (
    <div className="grid gap-3">
      <p className="text-[13px] text-muted-foreground">
        {n(imp.totalRows)} rows. Choose what each column holds; numbers are saved in international format, and rows for
        the same number are merged into one contact.
      </p>
      <div className="scrollbar-thin max-h-[46vh] overflow-auto rounded-lg border">
        <table className="w-full text-[12.5px]">
          <thead className="sticky top-0 bg-muted/80 text-left text-[11px] tracking-wide text-muted-foreground uppercase backdrop-blur">
            <tr>
              <th className="px-3 py-2 font-semibold">Column</th>
              <th className="px-3 py-2 font-semibold">First rows</th>
              <th className="w-[220px] px-3 py-2 font-semibold">Import as</th>
            </tr>
          </thead>
          <tbody>
            {imp.columns.map((col, i) => (
              <tr key={col} className="border-t align-top" data-testid="import-column">
                <td className="px-3 py-2 font-medium">{col}</td>
                <td className="max-w-[260px] px-3 py-2 text-muted-foreground">
                  {imp.preview.slice(0, 3).map((r, j) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: preview rows are fixed for the import
                    <div key={`${col}-${j}`} className="truncate" title={r[i]}>
                      {r[i] || <span className="italic opacity-60">empty</span>}
                    </div>
                  ))}
                </td>
                <td className="px-3 py-1.5">
                  <Select value={choices[col]} onValueChange={(v) => setEdited((e) => ({ ...e, [col]: v as Target }))}>
                    <SelectTrigger className="h-8 w-full text-[12.5px]" aria-label={`Import ${col} as`}>
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      {targets.map((t) => (
                        <SelectItem key={t.value} value={t.value}>
                          {t.label}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="grid grid-cols-[160px_1fr] gap-3">
        <label htmlFor="import-country" className="grid gap-1 text-[12.5px] font-medium">
          Default country
          <Input
            id="import-country"
            value={country}
            maxLength={2}
            placeholder="e.g. ES"
            aria-describedby="country-hint"
            onChange={(e) => setCountry(e.target.value)}
          />
        </label>
        <label htmlFor="import-tags" className="grid gap-1 text-[12.5px] font-medium">
          Tag every contact
          <Input
            id="import-tags"
            value={tags}
            placeholder="e.g. spring-fair, lab-partners"
            onChange={(e) => setTags(e.target.value)}
          />
        </label>
        <p id="country-hint" className="col-span-2 -mt-1.5 text-[11.5px] text-muted-foreground">
          For numbers written without a country code (612 345 678). Empty: the server's default country.
        </p>
      </div>
      {!mapping ? (
        <p className="text-[12.5px] text-amber-700 dark:text-amber-400">Choose the column with the phone number.</p>
      ) : null}
      {Object.entries(errors).map(([k, v]) => (
        <p key={k} role="alert" className="text-[12.5px] text-destructive">
          {v?.join(" ")}
        </p>
      ))}
      {start.isError && !(start.error instanceof ApiError && Object.keys(start.error.fieldErrors).length) ? (
        <p role="alert" className="text-[12.5px] text-destructive">
          {errorMessage(start.error)}
        </p>
      ) : null}
      <DialogFooter>
        <Button onClick={submit} disabled={!mapping || start.isPending} data-testid="start-import">
          {start.isPending ? <Spinner /> : null} Import {n(imp.totalRows)} rows
        </Button>
      </DialogFooter>
    </div>
  );
}

function Counts({ imp }: { imp: ContactImport }) {
  const items = [
    ["New", imp.createdRows, "text-emerald-700 dark:text-emerald-400"],
    ["Updated", imp.updatedRows, "text-foreground"],
    ["Refused", imp.failedRows, imp.failedRows ? "text-red-700 dark:text-red-400" : "text-foreground"],
  ] as const;
  return (
    <dl className="grid grid-cols-3 gap-2">
      {items.map(([label, value, color]) => (
        <div key={label} className="rounded-lg border px-3 py-2">
          <dt className="text-[11px] font-semibold tracking-wide text-muted-foreground uppercase">{label}</dt>
          <dd className={cn("text-[18px] font-semibold tabular-nums", color)}>{n(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

function ProgressStep({ imp }: { imp: ContactImport }) {
  const cancel = useCancelImport(imp.id);
  const pct = imp.totalRows ? Math.round((imp.processedRows / imp.totalRows) * 100) : 0;
  return (
    <div className="grid gap-3">
      <div className="flex items-center justify-between text-[13px]">
        <span className="flex items-center gap-2 font-medium">
          <Spinner className="size-3.5" />
          {imp.cancelRequested
            ? "Stopping after this batch…"
            : imp.status === "queued"
              ? "Waiting to start…"
              : "Importing…"}
        </span>
        <span className="text-muted-foreground tabular-nums">
          {n(imp.processedRows)} of {n(imp.totalRows)} rows
        </span>
      </div>
      <div
        role="progressbar"
        aria-valuenow={pct}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-label="Import progress"
        className="h-2.5 overflow-hidden rounded-full bg-secondary"
      >
        <div className="h-full rounded-full bg-primary transition-[width] duration-500" style={{ width: `${pct}%` }} />
      </div>
      <Counts imp={imp} />
      <DialogFooter>
        <Button
          variant="outline"
          onClick={() => cancel.mutate()}
          disabled={imp.cancelRequested || cancel.isPending}
          data-testid="cancel-import"
        >
          <OctagonX /> Cancel import
        </Button>
      </DialogFooter>
    </div>
  );
}

function SummaryStep({ imp, onDone }: { imp: ContactImport; onDone: () => void }) {
  const title =
    imp.status === "done"
      ? "Import finished"
      : imp.status === "cancelled"
        ? `Import cancelled after ${n(imp.processedRows)} of ${n(imp.totalRows)} rows (those stay imported)`
        : `Import failed: ${imp.error ?? "unknown error"}`;
  return (
    <div className="grid gap-3" data-testid="import-summary">
      <p className="flex items-center gap-2 text-[13.5px] font-medium">
        {imp.status === "done" ? (
          <CheckCircle2 className="size-4 text-emerald-600" />
        ) : (
          <TriangleAlert className="size-4 text-amber-600" />
        )}
        {title}
      </p>
      <Counts imp={imp} />
      {imp.failedRows ? (
        <p className="text-[12.5px] text-muted-foreground">
          {n(imp.failedRows)} rows were refused (a wrong number, a value that doesn't fit its field). The report lists
          each row with the reason: fix them and import the report's rows again.
        </p>
      ) : null}
      <DialogFooter>
        {imp.failedRows ? (
          <Button variant="outline" asChild>
            <a href={`/api/contacts/imports/${imp.id}/errors.csv`} download data-testid="import-errors">
              <Download /> Error report
            </a>
          </Button>
        ) : null}
        <Button onClick={onDone}>Done</Button>
      </DialogFooter>
    </div>
  );
}
