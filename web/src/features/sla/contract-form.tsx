import { useState } from "react";
import { toast } from "sonner";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { DialogFooter } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { ApiError, errorMessage } from "@/lib/api";

interface Save<T> {
  mutate: (
    vars: { id?: string; body: T },
    opts: { onSuccess: () => void; onError: (err: unknown) => void },
  ) => void;
  isPending: boolean;
}

/**
 * The SLA dialogs' save: the body is checked with the shared contract first (the admin sees which row
 * is wrong without a round trip), then saved; a refusal the server explains per field (`codes`) is
 * listed in the form, anything else is a toast.
 */
export function useContractSave<S extends z.ZodType>(
  schema: S,
  save: Save<z.output<S>>,
  opts: { saved: string; codes: string[]; onSaved: () => void },
) {
  const [errors, setErrors] = useState<string[]>([]);
  const submit = (id: string | undefined, body: unknown) => {
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      setErrors(parsed.error.issues.map((i) => `${i.path.join(" › ")}: ${i.message}`.replace(/^: /, "")));
      return;
    }
    save.mutate(
      { id, body: parsed.data },
      {
        onSuccess: () => {
          toast.success(opts.saved);
          opts.onSaved();
        },
        onError: (err) => {
          if (err instanceof ApiError && opts.codes.includes(err.code))
            setErrors([
              ...(err.code === "validation_failed" ? [] : [err.message]),
              ...Object.values(err.fieldErrors).flatMap((v) => v ?? []),
            ]);
          else toast.error(errorMessage(err));
        },
      },
    );
  };
  return { errors, setErrors, submit };
}

/** The form's errors (a list the screen reader announces) and its Cancel / save buttons. */
export function FormErrorsAndFooter({
  errors,
  pending,
  label,
  onCancel,
}: {
  errors: string[];
  pending: boolean;
  label: string;
  onCancel: () => void;
}) {
  return (
    <>
      {errors.length ? (
        <ul role="alert" className="list-disc pl-5 text-xs text-destructive">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
      <DialogFooter>
        <Button type="button" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? <Spinner /> : null}
          {label}
        </Button>
      </DialogFooter>
    </>
  );
}
