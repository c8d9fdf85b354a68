import { Pencil } from "lucide-react";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { Spinner } from "@/components/ui/spinner";
import { ApiError, errorMessage } from "@/lib/api";
import { cn } from "@/lib/utils";

interface Props {
  label: string;
  icon: ReactNode;
  value: string | null;
  placeholder: string;
  type?: "text" | "email" | "tel";
  field: string;
  onSave: (value: string | null) => Promise<unknown>;
}

/** Click to edit; Enter or blur saves, Escape cancels. Empty clears the value. */
export function InlineField({ label, icon, value, placeholder, type = "text", field, onSave }: Props) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value ?? "");
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!editing) setDraft(value ?? "");
  }, [value, editing]);
  useEffect(() => {
    if (editing) inputRef.current?.select();
  }, [editing]);

  const save = async () => {
    const next = draft.trim() || null;
    if (next === (value ?? null)) {
      setEditing(false);
      setError(null);
      return;
    }
    setSaving(true);
    try {
      await onSave(next);
      setEditing(false);
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? (err.fieldErrors[field]?.[0] ?? err.message) : errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="group flex min-h-8 items-start gap-2.5">
      <span className="mt-2 text-muted-foreground [&_svg]:size-3.5" aria-hidden>
        {icon}
      </span>
      <div className="min-w-0 flex-1">
        {editing ? (
          <div className="relative">
            <input
              ref={inputRef}
              aria-label={label}
              type={type}
              value={draft}
              disabled={saving}
              aria-invalid={!!error}
              onChange={(e) => setDraft(e.target.value)}
              onBlur={() => void save()}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  void save();
                }
                if (e.key === "Escape") {
                  e.stopPropagation();
                  setDraft(value ?? "");
                  setError(null);
                  setEditing(false);
                }
              }}
              className="h-8 w-full rounded-md border border-ring bg-background px-2 text-[13px] outline-none ring-2 ring-ring/20 aria-invalid:border-destructive"
            />
            {saving ? <Spinner className="absolute top-2 right-2 size-3.5 text-muted-foreground" /> : null}
          </div>
        ) : (
          <button
            type="button"
            onClick={() => setEditing(true)}
            aria-label={`Edit ${label.toLowerCase()}`}
            className="flex h-8 w-full items-center gap-2 rounded-md px-2 text-left text-[13px] -mx-2 hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring/50 focus-visible:outline-none"
          >
            <span className={cn("min-w-0 flex-1 truncate", !value && "text-muted-foreground")}>
              {value || placeholder}
            </span>
            <Pencil className="size-3 shrink-0 text-muted-foreground opacity-0 group-hover:opacity-100" />
          </button>
        )}
        {error ? <p className="mt-1 text-xs text-destructive">{error}</p> : null}
      </div>
    </div>
  );
}
