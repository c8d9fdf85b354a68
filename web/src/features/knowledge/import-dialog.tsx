import type { KnowledgeImport, KnowledgeStatus } from "@switchboard/contracts";
import { CircleCheck, CircleX, FileUp, Globe } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/api";
import { cn } from "@/lib/utils";
import { useImportRun, useStartImport } from "./queries";

export function ImportDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const [source, setSource] = useState<"file" | "url">("file");
  const [file, setFile] = useState<File | null>(null);
  const [url, setUrl] = useState("");
  const [split, setSplit] = useState<"headings" | "single">("headings");
  const [status, setStatus] = useState<KnowledgeStatus>("draft");
  const [started, setStarted] = useState<KnowledgeImport | null>(null);
  const start = useStartImport();
  const run = useImportRun(started?.id ?? null, started);
  const result = run.data ?? started;
  const busy = start.isPending || result?.status === "queued" || result?.status === "running";

  const reset = () => {
    setStarted(null);
    setFile(null);
    setUrl("");
    start.reset();
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!o) reset();
        onOpenChange(o);
      }}
    >
      <DialogContent
        title="Import into the knowledge base"
        description="Markdown or text files become articles; a CSV with question,answer columns becomes Q&A pairs."
        className="max-w-lg"
      >
        {result ? (
          <ImportResult result={result} />
        ) : (
          <div className="flex flex-col gap-3">
            <fieldset className="grid grid-cols-2 gap-2" aria-label="Import from">
              {(["file", "url"] as const).map((s) => (
                <button
                  key={s}
                  type="button"
                  aria-pressed={source === s}
                  onClick={() => setSource(s)}
                  className={cn(
                    "flex items-center gap-2 rounded-lg border px-3 py-2.5 text-left text-[13px]",
                    source === s ? "border-primary bg-primary/5" : "hover:bg-accent",
                  )}
                >
                  {s === "file" ? <FileUp className="size-4" /> : <Globe className="size-4" />}
                  {s === "file" ? "A file (.md, .txt, .csv)" : "A web page"}
                </button>
              ))}
            </fieldset>
            {source === "file" ? (
              <>
                <input
                  type="file"
                  aria-label="File to import"
                  accept=".md,.markdown,.txt,.csv,text/markdown,text/plain,text/csv"
                  onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                  className="text-[13px] file:mr-3 file:rounded-md file:border file:border-input file:bg-background file:px-2.5 file:py-1 file:text-[13px]"
                />
                {file && /\.(md|markdown)$/i.test(file.name) ? (
                  <label className="flex items-center gap-2 text-[13px]">
                    <input
                      type="checkbox"
                      checked={split === "headings"}
                      onChange={(e) => setSplit(e.target.checked ? "headings" : "single")}
                    />
                    One article per section (split at the top-level headings)
                  </label>
                ) : null}
              </>
            ) : (
              <Input
                type="url"
                aria-label="Page address"
                placeholder="https://help.example.com/refunds"
                value={url}
                onChange={(e) => setUrl(e.target.value)}
              />
            )}
            <label className="flex items-center gap-2 text-[13px]">
              <input
                type="checkbox"
                checked={status === "published"}
                onChange={(e) => setStatus(e.target.checked ? "published" : "draft")}
              />
              Publish at once (otherwise imported as drafts to review)
            </label>
            {start.isError ? (
              <p role="alert" className="text-[13px] text-destructive">
                {errorMessage(start.error)}
              </p>
            ) : null}
          </div>
        )}
        <DialogFooter>
          {result && !busy ? (
            <>
              <Button variant="outline" onClick={reset}>
                Import another
              </Button>
              <Button onClick={() => onOpenChange(false)}>Done</Button>
            </>
          ) : (
            <Button
              disabled={busy || (source === "file" ? !file : !url.trim())}
              onClick={() =>
                start.mutate(source === "file" && file ? { file, split, status } : { url: url.trim(), status }, {
                  onSuccess: (r) => setStarted(r),
                })
              }
            >
              {busy ? <Spinner /> : null}
              {busy ? "Importing…" : "Import"}
            </Button>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

function ImportResult({ result }: { result: KnowledgeImport }) {
  const running = result.status === "queued" || result.status === "running";
  return (
    <div className="flex flex-col gap-3" aria-live="polite" data-testid="import-result">
      <div className="flex items-center gap-2 text-[13px]">
        {running ? (
          <Spinner />
        ) : result.status === "done" ? (
          <CircleCheck className="size-4 text-emerald-600" />
        ) : (
          <CircleX className="size-4 text-destructive" />
        )}
        <span className="min-w-0 truncate font-medium">{result.source}</span>
        <Badge variant={running ? "info" : result.status === "done" ? "success" : "danger"} className="ml-auto">
          {running ? "Importing in the background…" : result.status === "done" ? "Imported" : "Failed"}
        </Badge>
      </div>
      {!running ? (
        <p className="text-[13px] text-muted-foreground">
          {result.articlesCreated} {result.articlesCreated === 1 ? "article" : "articles"}, {result.qaCreated} Q&A{" "}
          {result.qaCreated === 1 ? "pair" : "pairs"} created
          {result.errors.length ? `, ${result.errors.length} skipped` : ""}.
        </p>
      ) : null}
      {result.errors.length ? (
        <div className="max-h-48 overflow-y-auto rounded-md border">
          <table className="w-full text-[12px]">
            <thead className="bg-muted/60 text-left text-muted-foreground">
              <tr>
                <th className="px-2 py-1 font-medium">Line</th>
                <th className="px-2 py-1 font-medium">Problem</th>
              </tr>
            </thead>
            <tbody>
              {result.errors.map((e, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: errors have no id
                <tr key={i} className="border-t">
                  <td className="px-2 py-1 tabular-nums">{e.row ?? "—"}</td>
                  <td className="px-2 py-1">{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
