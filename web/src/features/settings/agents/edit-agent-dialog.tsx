import { KeyRound } from "lucide-react";
import { type FormEvent, useEffect, useState } from "react";
import { toast } from "sonner";
import { CopyButton } from "@/components/copy-button";
import { Field } from "@/components/field";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { Switch } from "@/components/ui/switch";
import { ApiError, type FieldErrors, errorMessage } from "@/lib/api";
import type { AgentSummary, Role, UpdateAgentInput, Visibility } from "@/lib/types";
import { useResetAgentPassword, useUpdateAgent } from "./mutations";
import { RoleSelect } from "./role-select";
import { VisibilitySelect, visibilityHints } from "./visibility-select";

export function EditAgentDialog({
  agent,
  isSelf,
  onClose,
}: {
  agent: AgentSummary | null;
  isSelf: boolean;
  onClose: () => void;
}) {
  const update = useUpdateAgent();
  const reset = useResetAgentPassword();
  const [temporaryPassword, setTemporaryPassword] = useState<string | null>(null);
  const [confirmingReset, setConfirmingReset] = useState(false);
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("agent");
  const [capacity, setCapacity] = useState("10");
  const [visibility, setVisibility] = useState<Visibility>("all");
  const [disabled, setDisabled] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});

  useEffect(() => {
    if (!agent) return;
    setName(agent.name);
    setRole(agent.role);
    setCapacity(String(agent.capacity));
    setVisibility(agent.visibility);
    setDisabled(agent.disabled);
    setErrors({});
    setTemporaryPassword(null);
    setConfirmingReset(false);
  }, [agent]);

  if (!agent) return null;

  const resetPassword = () =>
    reset.mutate(agent.id, {
      onSuccess: (r) => setTemporaryPassword(r.temporaryPassword),
      onError: (err) => toast.error(errorMessage(err)),
    });

  if (temporaryPassword)
    return (
      <Dialog open onOpenChange={(o) => !o && onClose()}>
        <DialogContent
          title="Password reset"
          description={`Share this temporary password with ${agent.name} securely. It won't be shown again.`}
        >
          <div className="grid gap-1.5">
            <p className="text-[13px] font-medium">Temporary password</p>
            <div className="flex items-center gap-2">
              <code
                data-testid="reset-temporary-password"
                className="flex-1 rounded-md border bg-background px-3 py-2 font-mono text-[13px] select-all"
              >
                {temporaryPassword}
              </code>
              <CopyButton value={temporaryPassword} />
            </div>
            <p className="text-xs text-muted-foreground">
              {agent.name} was signed out everywhere and must choose a new password at the next sign-in.
            </p>
          </div>
          <DialogFooter>
            <Button onClick={onClose}>Done</Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: UpdateAgentInput = {};
    if (name.trim() !== agent.name) body.name = name.trim();
    if (role !== agent.role) body.role = role;
    if (Number(capacity) !== agent.capacity) body.capacity = Number(capacity);
    if (visibility !== agent.visibility) body.visibility = visibility;
    if (disabled !== agent.disabled) body.disabled = disabled;
    if (Object.keys(body).length === 0) {
      onClose();
      return;
    }
    update.mutate(
      { id: agent.id, body },
      {
        onSuccess: () => {
          toast.success("Agent updated");
          onClose();
        },
        onError: (err) => {
          if (err instanceof ApiError && err.code === "validation_failed") setErrors(err.fieldErrors);
          else toast.error(errorMessage(err));
        },
      },
    );
  };

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={`Edit ${agent.name}`} description={agent.email}>
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <Field id="edit-name" label="Name" errors={errors.name}>
            <Input id="edit-name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!errors.name} />
          </Field>
          <div className="grid grid-cols-[1fr_110px] gap-3">
            <Field
              id="edit-role"
              label="Role"
              errors={errors.role}
              hint={isSelf ? "You can't change your own role." : undefined}
            >
              <RoleSelect id="edit-role" value={role} onChange={setRole} disabled={isSelf} />
            </Field>
            <Field id="edit-capacity" label="Capacity" errors={errors.capacity}>
              <Input
                id="edit-capacity"
                type="number"
                min={1}
                max={200}
                value={capacity}
                onChange={(e) => setCapacity(e.target.value)}
              />
            </Field>
          </div>
          <Field
            id="edit-visibility"
            label="Sees"
            errors={errors.visibility}
            hint={role === "admin" ? "Admins always see every conversation." : visibilityHints[visibility]}
          >
            <VisibilitySelect
              id="edit-visibility"
              value={role === "admin" ? "all" : visibility}
              onChange={setVisibility}
              disabled={role === "admin"}
            />
          </Field>
          <div className="flex items-center justify-between rounded-lg border px-3 py-2.5">
            <div>
              <Label htmlFor="edit-disabled">Disable account</Label>
              <p className="mt-1 text-xs text-muted-foreground">Disabled agents can't sign in or get conversations.</p>
            </div>
            <Switch id="edit-disabled" checked={disabled} onCheckedChange={setDisabled} disabled={isSelf} />
          </div>
          {isSelf ? null : (
            <div className="flex items-center justify-between gap-3 rounded-lg border px-3 py-2.5">
              <div>
                <p className="text-[13px] leading-none font-medium">Password</p>
                <p className="mt-1 text-xs text-muted-foreground">
                  {agent.mustChangePassword
                    ? "Has a temporary password that is not changed yet."
                    : "Forgotten? Give them a temporary password; they choose a new one at sign-in."}
                </p>
              </div>
              {confirmingReset ? (
                <div className="flex shrink-0 gap-1.5">
                  <Button type="button" variant="ghost" size="sm" onClick={() => setConfirmingReset(false)}>
                    Keep
                  </Button>
                  <Button
                    type="button"
                    variant="destructive"
                    size="sm"
                    onClick={resetPassword}
                    disabled={reset.isPending}
                    data-testid="confirm-reset-password"
                  >
                    {reset.isPending ? <Spinner /> : <KeyRound />} Reset and sign out
                  </Button>
                </div>
              ) : (
                <Button
                  type="button"
                  variant="outline"
                  size="sm"
                  className="shrink-0"
                  onClick={() => setConfirmingReset(true)}
                  data-testid="reset-password"
                >
                  <KeyRound /> Reset password
                </Button>
              )}
            </div>
          )}
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={update.isPending || !name.trim()}>
              {update.isPending ? <Spinner /> : null}
              Save
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
