import { useQueryClient } from "@tanstack/react-query";
import { CircleAlert } from "lucide-react";
import { type ChangeEvent, type FormEvent, useState } from "react";
import { Redirect, useLocation } from "wouter";
import { Field } from "@/components/field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { ApiError, api, type FieldErrors, errorMessage } from "@/lib/api";
import { qk } from "@/lib/query-keys";
import type { Me } from "@/lib/types";
import { AuthLayout } from "./auth-layout";
import { useSetupStatus } from "./queries";

export function SetupPage() {
  const setup = useSetupStatus();
  const qc = useQueryClient();
  const [, navigate] = useLocation();
  const [form, setForm] = useState({ name: "", email: "", password: "" });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  if (setup.data && !setup.data.needsSetup) return <Redirect to="/login" replace />;

  const set = (k: keyof typeof form) => (e: ChangeEvent<HTMLInputElement>) => {
    setForm((f) => ({ ...f, [k]: e.target.value }));
    setFieldErrors((fe) => ({ ...fe, [k]: undefined }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (form.password.length < 10) {
      setFieldErrors({ password: ["Use at least 10 characters"] });
      return;
    }
    setPending(true);
    try {
      const me = await api<Me>("/api/setup", {
        method: "POST",
        body: { ...form, email: form.email.trim() },
        redirectOn401: false,
      });
      qc.setQueryData(qk.me, me);
      qc.setQueryData(qk.setup, { needsSetup: false, demo: setup.data?.demo ?? false });
      navigate("/inbox", { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === "validation_failed") {
        setFieldErrors(err.fieldErrors);
        setError(err.formErrors.join(" ") || null);
      } else if (err instanceof ApiError && err.code === "setup_already_done") {
        await qc.invalidateQueries({ queryKey: qk.setup });
        navigate("/login", { replace: true });
      } else setError(errorMessage(err));
      setPending(false);
    }
  };

  const err = (k: string) => fieldErrors[k];
  return (
    <AuthLayout title="Set up Switchboard" subtitle="Create the first administrator account for this workspace.">
      <form onSubmit={(e) => void submit(e)} className="grid gap-4" noValidate>
        <Field id="setup-name" label="Your name" errors={err("name")}>
          <Input
            id="setup-name"
            autoComplete="name"
            autoFocus
            value={form.name}
            onChange={set("name")}
            aria-invalid={!!err("name")}
          />
        </Field>
        <Field id="setup-email" label="Work email" errors={err("email")}>
          <Input
            id="setup-email"
            type="email"
            autoComplete="username"
            value={form.email}
            onChange={set("email")}
            aria-invalid={!!err("email")}
          />
        </Field>
        <Field id="setup-password" label="Password" hint="At least 10 characters." errors={err("password")}>
          <Input
            id="setup-password"
            type="password"
            autoComplete="new-password"
            value={form.password}
            onChange={set("password")}
            aria-invalid={!!err("password")}
          />
        </Field>
        {error ? (
          <p role="alert" className="flex items-start gap-1.5 text-[13px] text-destructive">
            <CircleAlert className="mt-0.5 size-3.5 shrink-0" />
            {error}
          </p>
        ) : null}
        <Button type="submit" size="lg" disabled={pending || !form.name || !form.email || !form.password}>
          {pending ? <Spinner /> : null}
          Create admin account
        </Button>
      </form>
    </AuthLayout>
  );
}
