import { CircleCheck } from "lucide-react";
import { type ChangeEvent, type FormEvent, useState } from "react";
import { toast } from "sonner";
import { CopyButton } from "@/components/copy-button";
import { Field } from "@/components/field";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { ApiError, type FieldErrors, errorMessage } from "@/lib/api";
import type { CreateAgentResult, Role } from "@/lib/types";
import { useCreateAgent } from "./mutations";
import { RoleSelect } from "./role-select";

const empty = { name: "", email: "", role: "agent" as Role, capacity: "10", password: "" };

export function AddAgentDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const create = useCreateAgent();
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [result, setResult] = useState<CreateAgentResult | null>(null);

  const close = (next: boolean) => {
    onOpenChange(next);
    if (!next) {
      setForm(empty);
      setErrors({});
      setFormError(null);
      setResult(null);
      create.reset();
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setFormError(null);
    const capacity = Number(form.capacity);
    create.mutate(
      {
        name: form.name.trim(),
        email: form.email.trim(),
        role: form.role,
        capacity: Number.isFinite(capacity) ? capacity : 10,
        ...(form.password ? { password: form.password } : {}),
      },
      {
        onSuccess: (res) => {
          if (res.temporaryPassword) setResult(res);
          else {
            toast.success(`${res.agent.name} can now sign in`);
            close(false);
          }
        },
        onError: (err) => {
          if (err instanceof ApiError && err.code === "validation_failed") {
            setErrors(err.fieldErrors);
            setFormError(err.formErrors.join(" ") || null);
          } else if (err instanceof ApiError && err.code === "conflict")
            setErrors({ email: ["An agent with this email already exists"] });
          else setFormError(errorMessage(err));
        },
      },
    );
  };

  const set = (k: keyof typeof empty) => (e: ChangeEvent<HTMLInputElement>) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));

  return (
    <Dialog open={open} onOpenChange={close}>
      {result?.temporaryPassword ? (
        <DialogContent
          title="Agent added"
          description="Share this one-time password securely. It won't be shown again."
        >
          <div className="flex items-center gap-2 rounded-lg border bg-muted/60 p-3">
            <CircleCheck className="size-4 shrink-0 text-emerald-600" />
            <div className="min-w-0 flex-1 text-[13px]">
              <p className="font-medium">{result.agent.name}</p>
              <p className="text-muted-foreground">{result.agent.email}</p>
            </div>
          </div>
          <div className="grid gap-1.5">
            <p className="text-[13px] font-medium">Temporary password</p>
            <div className="flex items-center gap-2">
              <code
                data-testid="temporary-password"
                className="flex-1 rounded-md border bg-background px-3 py-2 font-mono text-[13px] select-all"
              >
                {result.temporaryPassword}
              </code>
              <CopyButton value={result.temporaryPassword} />
            </div>
          </div>
          <DialogFooter>
            <Button onClick={() => close(false)}>Done</Button>
          </DialogFooter>
        </DialogContent>
      ) : (
        <DialogContent title="Add agent" description="They sign in with their email and a password.">
          <form onSubmit={submit} className="grid gap-4" noValidate>
            <Field id="agent-name" label="Name" errors={errors.name}>
              <Input id="agent-name" autoFocus value={form.name} onChange={set("name")} aria-invalid={!!errors.name} />
            </Field>
            <Field id="agent-email" label="Email" errors={errors.email}>
              <Input
                id="agent-email"
                type="email"
                autoComplete="off"
                value={form.email}
                onChange={set("email")}
                aria-invalid={!!errors.email}
              />
            </Field>
            <div className="grid grid-cols-[1fr_110px] gap-3">
              <Field id="agent-role" label="Role" errors={errors.role}>
                <RoleSelect id="agent-role" value={form.role} onChange={(role) => setForm((f) => ({ ...f, role }))} />
              </Field>
              <Field id="agent-capacity" label="Capacity" errors={errors.capacity}>
                <Input
                  id="agent-capacity"
                  type="number"
                  min={1}
                  max={200}
                  value={form.capacity}
                  onChange={set("capacity")}
                  aria-invalid={!!errors.capacity}
                />
              </Field>
            </div>
            <Field
              id="agent-password"
              label="Password (optional)"
              hint="Leave empty to generate a one-time password."
              errors={errors.password}
            >
              <Input
                id="agent-password"
                type="password"
                autoComplete="new-password"
                value={form.password}
                onChange={set("password")}
                aria-invalid={!!errors.password}
              />
            </Field>
            {formError ? (
              <p role="alert" className="text-[13px] text-destructive">
                {formError}
              </p>
            ) : null}
            <DialogFooter>
              <Button variant="outline" onClick={() => close(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={create.isPending || !form.name.trim() || !form.email.trim()}>
                {create.isPending ? <Spinner /> : null}
                Add agent
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      )}
    </Dialog>
  );
}
