import { useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { api } from "@/lib/api";
import { qk } from "@/lib/query-keys";
import { AuthLayout } from "./auth-layout";
import { ChangePasswordForm } from "./change-password-form";

/** Shown instead of the console while the user still has a temporary password (the API refuses the rest). */
export function ChangePasswordPage({ email }: { email: string }) {
  const qc = useQueryClient();
  const logout = async () => {
    await api("/api/auth/logout", { method: "POST" }).catch(() => undefined);
    qc.setQueryData(qk.me, null);
  };
  return (
    <AuthLayout
      title="Choose your own password"
      subtitle={
        <>
          You signed in as <span className="font-medium text-foreground">{email}</span> with a temporary password.
          Replace it to continue.
        </>
      }
    >
      <ChangePasswordForm submitLabel="Save and continue" autoFocus />
      <Button variant="ghost" size="sm" className="mt-3 w-full" onClick={() => void logout()}>
        Sign out
      </Button>
    </AuthLayout>
  );
}
