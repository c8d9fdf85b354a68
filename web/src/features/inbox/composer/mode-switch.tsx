import { Lock } from "lucide-react";
import { cn } from "@/lib/utils";
import type { ComposerMode } from "../inbox-context";

export function ModeSwitch({ mode, onChange }: { mode: ComposerMode; onChange: (m: ComposerMode) => void }) {
  const note = mode === "note";
  return (
    <div className="flex items-center gap-1 px-2 pt-2">
      <fieldset className="flex rounded-md bg-secondary/70 p-0.5 text-[12px] font-medium dark:bg-secondary">
        <legend className="sr-only">Message type</legend>
        <button
          type="button"
          aria-pressed={!note}
          onClick={() => onChange("reply")}
          className={cn(
            "rounded px-2 py-0.5 transition-colors",
            !note ? "bg-background shadow-sm" : "text-muted-foreground hover:text-foreground",
          )}
        >
          Reply
        </button>
        <button
          type="button"
          aria-pressed={note}
          data-testid="note-toggle"
          onClick={() => onChange(note ? "reply" : "note")}
          className={cn(
            "flex items-center gap-1 rounded px-2 py-0.5 transition-colors",
            note ? "bg-amber-400 text-amber-950 shadow-sm" : "text-muted-foreground hover:text-foreground",
          )}
        >
          <Lock className="size-3" /> Private note
        </button>
      </fieldset>
      {note ? (
        <span className="ml-1 text-[11.5px] text-amber-800 dark:text-amber-300">Only your team sees notes</span>
      ) : null}
    </div>
  );
}
