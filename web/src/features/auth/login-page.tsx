import { useQueryClient } from "@tanstack/react-query";
import { CircleAlert } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Redirect, useLocation, useSearch } from "wouter";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { ApiError, api, errorMessage } from "@/lib/api";
import { qk } from "@/lib/query-keys";
import type { Me } from "@/lib/types";
import { AuthLayout } from "./auth-layout";
import { useMeQuery, useSetupStatus } from "./queries";

function safeNext(search: string): string {
  const next = new URLSearchParams(search).get("next");
  return next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : "/inbox";
}

export function LoginPage() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const qc = useQueryClient();
  const setup = useSetupStatus();
  const me = useMeQuery();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  if (setup.data?.needsSetup) return <Redirect to="/setup" replace />;
  if (me.data) return <Redirect to={safeNext(search)} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setPending(true);
    try {
      const res = await api<Me>("/api/auth/login", {
        method: "POST",
        body: { email: email.trim(), password },
        redirectOn401: false,
      });
      qc.setQueryData(qk.me, res);
      navigate(safeNext(search), { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === "invalid_credentials") setError("Wrong email or password.");
      else if (err instanceof ApiError && err.code === "rate_limited")
        setError("Too many attempts. Wait a minute before trying again.");
      else if (err instanceof ApiError && err.code === "validation_failed")
        setError("Enter a valid email and your password.");
      else setError(errorMessage(err));
      setPending(false);
    }
  };

  return (
    <AuthLayout title="Sign in to Switchboard" subtitle="Welcome back. Your inbox is waiting.">
      <form onSubmit={(e) => void submit(e)} className="grid gap-4" noValidate>
        {setup.data?.demo ? (
          <p className="rounded-md bg-primary/8 px-3 py-2 text-xs text-primary">
            This is a demo instance with sample data.
          </p>
        ) : null}
        <div className="grid gap-1.5">
          <Label htmlFor="login-email">Email</Label>
          <Input
            id="login-email"
            data-testid="login-email"
            type="email"
            autoComplete="username"
            autoFocus
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={error ? true : undefined}
          />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="login-password">Password</Label>
          <Input
            id="login-password"
            data-testid="login-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={error ? true : undefined}
          />
        </div>
        {error ? (
          <p role="alert" data-testid="login-error" className="flex items-start gap-1.5 text-[13px] text-destructive">
            <CircleAlert className="mt-0.5 size-3.5 shrink-0" />
            {error}
          </p>
        ) : null}
        <Button type="submit" size="lg" data-testid="login-submit" disabled={pending || !email || !password}>
          {pending ? <Spinner /> : null}
          Sign in
        </Button>
      </form>
    </AuthLayout>
  );
}
