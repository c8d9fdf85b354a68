import { useQueryClient } from "@tanstack/react-query";
import { CircleAlert } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Field } from "@/components/field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { ApiError, api, type FieldErrors, errorMessage } from "@/lib/api";
import { qk } from "@/lib/query-keys";
import type { Me } from "@/lib/types";
import { useMeQuery } from "./queries";

/**
 * Current + new password (twice). On success the server has ended every session and set a fresh
 * cookie for this browser, so the console simply carries on with the updated user.
 */
export function ChangePasswordForm({
  onDone,
  submitLabel = "Change password",
  autoFocus = false,
}: {
  onDone?: () => void;
  submitLabel?: string;
  autoFocus?: boolean;
}) {
  const qc = useQueryClient();
  const email = useMeQuery().data?.user.email ?? "";
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setFormError(null);
    if (next !== confirm) {
      setErrors({ confirm: ["The two new passwords differ"] });
      return;
    }
    setPending(true);
    try {
      const res = await api<Me>("/api/me/password", {
        method: "POST",
        body: { currentPassword: current, newPassword: next },
      });
      qc.setQueryData(qk.me, res);
      setCurrent("");
      setNext("");
      setConfirm("");
      onDone?.();
    } catch (err) {
      if (err instanceof ApiError && err.code === "validation_failed") setErrors(err.fieldErrors);
      else setFormError(errorMessage(err));
    } finally {
      setPending(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="grid gap-4" noValidate data-testid="change-password-form">
      {/* Lets password managers attach the new password to the right account. */}
      <input type="text" name="username" autoComplete="username" value={email} hidden readOnly />
      <Field id="password-current" label="Current password" errors={errors.currentPassword}>
        <Input
          id="password-current"
          type="password"
          autoComplete="current-password"
          autoFocus={autoFocus}
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          aria-invalid={!!errors.currentPassword}
        />
      </Field>
      <Field id="password-new" label="New password" hint="At least 10 characters." errors={errors.newPassword}>
        <Input
          id="password-new"
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          aria-invalid={!!errors.newPassword}
        />
      </Field>
      <Field id="password-confirm" label="Repeat the new password" errors={errors.confirm}>
        <Input
          id="password-confirm"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          aria-invalid={!!errors.confirm}
        />
      </Field>
      {formError ? (
        <p role="alert" className="flex items-start gap-1.5 text-[13px] text-destructive">
          <CircleAlert className="mt-0.5 size-3.5 shrink-0" />
          {formError}
        </p>
      ) : null}
      <Button type="submit" disabled={pending || !current || !next || !confirm} data-testid="change-password-submit">
        {pending ? <Spinner /> : null}
        {submitLabel}
      </Button>
    </form>
  );
}
