import { Download, FileText } from "lucide-react";
import { useState } from "react";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import type { Attachment } from "@/lib/types";
import { cn, formatBytes } from "@/lib/utils";

function ImageAttachment({ attachment }: { attachment: Attachment }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="block overflow-hidden rounded-lg border bg-muted outline-none focus-visible:ring-2 focus-visible:ring-ring/50"
        aria-label={`Open image ${attachment.fileName}`}
      >
        <img src={attachment.url} alt={attachment.fileName} loading="lazy" className="max-h-52 max-w-64 object-cover" />
      </button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent title={attachment.fileName} className="max-w-[min(90vw,1100px)] p-3">
          <img
            src={attachment.url}
            alt={attachment.fileName}
            className="max-h-[78vh] w-full rounded-md object-contain"
          />
          <a
            href={attachment.url}
            download={attachment.fileName}
            className="inline-flex items-center gap-1.5 justify-self-end text-[13px] text-primary hover:underline"
          >
            <Download className="size-3.5" /> Download ({formatBytes(attachment.size)})
          </a>
        </DialogContent>
      </Dialog>
    </>
  );
}

function FileAttachment({ attachment, inverted }: { attachment: Attachment; inverted?: boolean }) {
  return (
    <a
      href={attachment.url}
      download={attachment.fileName}
      target="_blank"
      rel="noreferrer"
      className={cn(
        "flex w-64 max-w-full items-center gap-2.5 rounded-lg border px-2.5 py-2 outline-none transition-colors focus-visible:ring-2 focus-visible:ring-ring/50",
        inverted ? "border-white/25 bg-white/10 hover:bg-white/15" : "bg-background hover:bg-accent",
      )}
    >
      <span
        className={cn(
          "flex size-8 shrink-0 items-center justify-center rounded-md",
          inverted ? "bg-white/15" : "bg-primary/10 text-primary",
        )}
      >
        <FileText className="size-4" />
      </span>
      <span className="min-w-0 flex-1">
        <span className="block truncate text-[13px] font-medium">{attachment.fileName}</span>
        <span className={cn("block text-[11px]", inverted ? "text-white/75" : "text-muted-foreground")}>
          {formatBytes(attachment.size)}
        </span>
      </span>
      <Download className={cn("size-4 shrink-0", inverted ? "text-white/80" : "text-muted-foreground")} />
    </a>
  );
}

export function Attachments({
  items,
  inverted,
  align,
}: {
  items: Attachment[];
  inverted?: boolean;
  align: "start" | "end";
}) {
  if (items.length === 0) return null;
  return (
    <div className={cn("flex flex-wrap gap-1.5", align === "end" ? "justify-end" : "justify-start")}>
      {items.map((a) =>
        a.contentType.startsWith("image/") ? (
          <ImageAttachment key={a.id} attachment={a} />
        ) : (
          <FileAttachment key={a.id} attachment={a} inverted={inverted} />
        ),
      )}
    </div>
  );
}
