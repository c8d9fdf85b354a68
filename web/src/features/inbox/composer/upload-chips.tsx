import { CircleAlert, FileText, ImageIcon, X } from "lucide-react";
import { cn, formatBytes } from "@/lib/utils";
import type { PendingUpload } from "./use-uploads";

export function UploadChips({ uploads, onRemove }: { uploads: PendingUpload[]; onRemove: (key: string) => void }) {
  if (uploads.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-1.5 px-2.5 pt-2" aria-label="Attachments">
      {uploads.map((u) => {
        const Icon = u.error ? CircleAlert : u.file.type.startsWith("image/") ? ImageIcon : FileText;
        const done = !!u.attachment;
        return (
          <li
            key={u.key}
            data-testid="upload-chip"
            data-state={u.error ? "error" : done ? "done" : "uploading"}
            className={cn(
              "relative flex max-w-56 items-center gap-1.5 overflow-hidden rounded-md border bg-background py-1 pr-1 pl-2 text-xs",
              u.error && "border-destructive/50 text-destructive",
            )}
            title={u.error ?? undefined}
          >
            <Icon className="size-3.5 shrink-0 text-muted-foreground" />
            <span className="min-w-0 truncate font-medium">{u.file.name}</span>
            <span className="shrink-0 text-muted-foreground tabular-nums">
              {u.error ? "failed" : done ? formatBytes(u.file.size) : `${Math.round(u.progress * 100)}%`}
            </span>
            <button
              type="button"
              onClick={() => onRemove(u.key)}
              aria-label={`Remove ${u.file.name}`}
              className="rounded p-0.5 text-muted-foreground hover:bg-accent hover:text-foreground"
            >
              <X className="size-3" />
            </button>
            {!done && !u.error ? (
              <span
                className="absolute bottom-0 left-0 h-0.5 bg-primary transition-[width]"
                style={{ width: `${u.progress * 100}%` }}
              />
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
