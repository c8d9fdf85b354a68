import { type FormEvent, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Field } from "@/components/field";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { type CannedResponse, useSaveCanned } from "@/features/canned-responses/queries";
import { ApiError, type FieldErrors, errorMessage } from "@/lib/api";
import { cn } from "@/lib/utils";
import { CANNED_VARIABLES } from "../../../../../contracts/src/canned-variables";

type Scope = "personal" | "shared";

/** Create (`editing` null) or edit a canned response. Admins choose shared or personal when creating. */
export function CannedDialog({
  open,
  editing,
  isAdmin,
  onClose,
}: {
  open: boolean;
  editing: CannedResponse | null;
  isAdmin: boolean;
  onClose: () => void;
}) {
  const save = useSaveCanned();
  const [shortcut, setShortcut] = useState("");
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [scope, setScope] = useState<Scope>("personal");
  const [errors, setErrors] = useState<FieldErrors>({});
  const bodyRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (!open) return;
    setShortcut(editing?.shortcut ?? "");
    setTitle(editing?.title ?? "");
    setBody(editing?.body ?? "");
    setScope(editing?.scope ?? (isAdmin ? "shared" : "personal"));
    setErrors({});
  }, [open, editing, isAdmin]);

  const insertVariable = (v: string) => {
    const el = bodyRef.current;
    const at = el?.selectionStart ?? body.length;
    const end = el?.selectionEnd ?? at;
    const token = `{{${v}}}`;
    setBody(body.slice(0, at) + token + body.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + token.length, at + token.length);
    });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const fields = { shortcut: shortcut.replace(/^\//, ""), title, body };
    save.mutate(
      { id: editing?.id, body: editing ? fields : { ...fields, scope } },
      {
        onSuccess: () => {
          toast.success(editing ? "Canned response saved" : "Canned response added");
          onClose();
        },
        onError: (err) => {
          if (err instanceof ApiError && (err.code === "validation_failed" || err.code === "conflict"))
            setErrors(err.fieldErrors);
          else toast.error(errorMessage(err));
        },
      },
    );
  };

  return (
    <Dialog open={open} onOpenChange={(o) => !o && onClose()}>
      <DialogContent
        title={editing ? `Edit /${editing.shortcut}` : "New canned response"}
        description="Type / and the shortcut in the composer to insert it. Markdown works: **bold**, _italic_, lists, links."
        className="sm:max-w-lg"
      >
        <form onSubmit={submit} className="grid gap-4" noValidate data-testid="canned-form">
          <div className="grid grid-cols-[160px_1fr] gap-3">
            <Field id="canned-shortcut" label="Shortcut" errors={errors.shortcut}>
              <div className="flex items-center rounded-md border bg-background focus-within:ring-2 focus-within:ring-ring/30">
                <span className="pl-2.5 font-mono text-[13px] text-muted-foreground">/</span>
                <input
                  id="canned-shortcut"
                  value={shortcut}
                  onChange={(e) => setShortcut(e.target.value.replace(/\s/g, "-").toLowerCase())}
                  placeholder="refund"
                  maxLength={32}
                  aria-invalid={!!errors.shortcut}
                  className="h-8 min-w-0 flex-1 bg-transparent pr-2.5 pl-0.5 font-mono text-[13px] outline-none"
                />
              </div>
            </Field>
            <Field id="canned-title" label="Title" errors={errors.title}>
              <Input
                id="canned-title"
                value={title}
                onChange={(e) => setTitle(e.target.value)}
                placeholder="Refund policy"
                maxLength={120}
                aria-invalid={!!errors.title}
              />
            </Field>
          </div>
          <Field
            id="canned-body"
            label="Message"
            errors={errors.body}
            hint="Variables are filled from the conversation when inserted; one without a value stays visible so you can fill it in."
          >
            <Textarea
              id="canned-body"
              ref={bodyRef}
              value={body}
              onChange={(e) => setBody(e.target.value)}
              rows={6}
              maxLength={5000}
              placeholder="Hi {{contact.name}}, refunds reach your account within 5 working days."
              aria-invalid={!!errors.body}
              className="font-normal"
            />
          </Field>
          <div className="-mt-2 flex flex-wrap items-center gap-1.5">
            <span className="text-[12px] text-muted-foreground">Insert:</span>
            {CANNED_VARIABLES.map((v) => (
              <button
                key={v}
                type="button"
                onClick={() => insertVariable(v)}
                className="rounded border bg-secondary px-1.5 py-0.5 font-mono text-[11.5px] hover:bg-accent"
              >
                {`{{${v}}}`}
              </button>
            ))}
            <span className="text-[11.5px] text-muted-foreground">
              or any custom field as <code className="font-mono">{"{{contact.field}}"}</code>
            </span>
          </div>
          {editing ? null : (
            <fieldset className="grid gap-1.5">
              <legend className="mb-1.5 text-[13px] font-medium">Who can use it</legend>
              <div className="grid grid-cols-2 gap-2">
                {(["personal", "shared"] as const).map((s) => (
                  <label
                    key={s}
                    className={cn(
                      "flex cursor-pointer flex-col gap-0.5 rounded-lg border px-3 py-2 text-[13px]",
                      scope === s && "border-primary bg-primary/5",
                      s === "shared" && !isAdmin && "cursor-not-allowed opacity-60",
                    )}
                  >
                    <span className="flex items-center gap-2 font-medium">
                      <input
                        type="radio"
                        name="canned-scope"
                        value={s}
                        checked={scope === s}
                        disabled={s === "shared" && !isAdmin}
                        onChange={() => setScope(s)}
                      />
                      {s === "personal" ? "Only me" : "Everyone (shared)"}
                    </span>
                    <span className="text-[12px] text-muted-foreground">
                      {s === "personal"
                        ? "Private to you."
                        : isAdmin
                          ? "All agents see it; admins edit it."
                          : "Admins only."}
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
          )}
          <DialogFooter>
            <Button type="button" variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={save.isPending} data-testid="canned-save">
              {save.isPending ? <Spinner className="size-3.5" /> : null}
              {editing ? "Save" : "Add canned response"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
