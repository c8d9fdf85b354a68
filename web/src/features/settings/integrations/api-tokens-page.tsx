import type { ApiToken, ApiTokenScope } from "@switchboard/contracts";
import { KeyRound, Plus } from "lucide-react";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { CopyButton } from "@/components/copy-button";
import { Field } from "@/components/field";
import { EmptyState, ErrorState } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { useMe } from "@/features/auth/queries";
import { ApiError, type FieldErrors, errorMessage } from "@/lib/api";
import { cn } from "@/lib/utils";
import { PageBody, PageHeader } from "../page-header";
import { formatAgo, formatDateTime } from "./format";
import { useApiTokens, useCreateApiToken, useRevokeApiToken } from "./queries";

const levels: { value: ApiTokenScope; label: string; hint: string }[] = [
  { value: "read", label: "Read", hint: "Read conversations, contacts and messages (GET)" },
  { value: "write", label: "Read and write", hint: "Also reply, assign, resolve and edit contacts" },
  { value: "admin", label: "Admin", hint: "Also channels, agents, webhooks and the audit log" },
];

function CreateTokenDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const me = useMe();
  const create = useCreateApiToken();
  const [name, setName] = useState("");
  const [scope, setScope] = useState<ApiTokenScope>("read");
  const [expiry, setExpiry] = useState("never");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [secret, setSecret] = useState<string | null>(null);
  const close = (o: boolean) => {
    onOpenChange(o);
    if (!o) {
      setName("");
      setScope("read");
      setExpiry("never");
      setErrors({});
      setSecret(null);
      create.reset();
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    create.mutate(
      { name: name.trim(), scopes: [scope], ...(expiry === "never" ? {} : { expiresInDays: Number(expiry) }) },
      {
        onSuccess: (r) => setSecret(r.secret),
        onError: (err) =>
          err instanceof ApiError && err.code === "validation_failed"
            ? setErrors(err.fieldErrors)
            : toast.error(errorMessage(err)),
      },
    );
  };
  return (
    <Dialog open={open} onOpenChange={close}>
      {secret ? (
        <DialogContent
          className="grid-cols-[minmax(0,1fr)]"
          title="Token created"
          description="Copy it now: it is shown only once and cannot be recovered."
        >
          <div className="flex min-w-0 items-center gap-2">
            <code
              data-testid="token-secret"
              className="min-w-0 flex-1 rounded-md border bg-muted/60 px-3 py-2 font-mono text-[12px] break-all select-all"
            >
              {secret}
            </code>
            <CopyButton value={secret} />
          </div>
          <p className="min-w-0 text-[12px] break-words text-muted-foreground">
            Send it as <code className="font-mono">Authorization: Bearer {secret.slice(0, 12)}…</code>. The API is
            described at <code className="font-mono">/api/openapi.json</code>.
          </p>
          <DialogFooter>
            <Button onClick={() => close(false)}>Done</Button>
          </DialogFooter>
        </DialogContent>
      ) : (
        <DialogContent title="New API token" description="For a script or an integration. It acts as you.">
          <form onSubmit={submit} className="grid gap-4" noValidate>
            <Field id="token-name" label="Name" errors={errors.name}>
              <Input
                id="token-name"
                autoFocus
                placeholder="CRM sync"
                value={name}
                onChange={(e) => setName(e.target.value)}
                aria-invalid={!!errors.name}
              />
            </Field>
            <fieldset className="grid gap-2">
              <legend className="mb-1.5 text-[13px] font-medium">Access</legend>
              {levels
                .filter((l) => l.value !== "admin" || me.role === "admin")
                .map((l) => (
                  <label
                    key={l.value}
                    className={cn(
                      "flex cursor-pointer items-start gap-2.5 rounded-md border p-2.5 text-[13px]",
                      scope === l.value && "border-primary bg-primary/5",
                    )}
                  >
                    <input
                      type="radio"
                      name="scope"
                      value={l.value}
                      checked={scope === l.value}
                      onChange={() => setScope(l.value)}
                      className="mt-0.5 accent-[var(--color-primary)]"
                    />
                    <span>
                      <span className="font-medium">{l.label}</span>
                      <span className="block text-[12px] text-muted-foreground">{l.hint}</span>
                    </span>
                  </label>
                ))}
            </fieldset>
            <Field id="token-expiry" label="Expires">
              <Select value={expiry} onValueChange={setExpiry}>
                <SelectTrigger id="token-expiry">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value="never">Never</SelectItem>
                  <SelectItem value="30">In 30 days</SelectItem>
                  <SelectItem value="90">In 90 days</SelectItem>
                  <SelectItem value="365">In a year</SelectItem>
                </SelectContent>
              </Select>
            </Field>
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => close(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={create.isPending || !name.trim()}>
                {create.isPending ? <Spinner /> : null} Create token
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      )}
    </Dialog>
  );
}

function tokenState(t: ApiToken) {
  if (t.revokedAt) return <Badge variant="secondary">Revoked</Badge>;
  if (t.expiresAt && new Date(t.expiresAt).getTime() < Date.now()) return <Badge variant="warning">Expired</Badge>;
  return <Badge variant="success">Active</Badge>;
}

export function ApiTokensPage() {
  const me = useMe();
  const tokens = useApiTokens();
  const revoke = useRevokeApiToken();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  return (
    <PageBody wide>
      <PageHeader
        title="API tokens"
        description={
          <>
            Tokens let scripts and integrations call the REST API as <code className="font-mono">Bearer</code> requests.{" "}
            {me.role === "admin" ? "You see every token in the workspace." : "You see your own tokens."} Real-time
            updates (WebSockets) need a signed-in session; use webhooks instead.
          </>
        }
        actions={
          <Button onClick={() => setCreating(true)} data-testid="create-token">
            <Plus /> New token
          </Button>
        }
      />
      <div className="overflow-x-auto rounded-lg border bg-card">
        {tokens.isPending ? (
          <div className="flex flex-col gap-3 p-4">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} className="h-9 w-full" />
            ))}
          </div>
        ) : tokens.isError ? (
          <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />
        ) : tokens.data.length === 0 ? (
          <EmptyState
            icon={<KeyRound />}
            title="No API tokens yet"
            description="Create one for each integration, so you can revoke it alone."
          />
        ) : (
          <table className="w-full min-w-[760px] text-left text-[13px]">
            <thead className="border-b bg-muted/60 text-[11px] font-semibold tracking-wide text-muted-foreground uppercase">
              <tr>
                <th className="px-4 py-2 font-semibold">Token</th>
                <th className="px-4 py-2 font-semibold">Access</th>
                {me.role === "admin" ? <th className="px-4 py-2 font-semibold">Owner</th> : null}
                <th className="px-4 py-2 font-semibold">Last used</th>
                <th className="px-4 py-2 font-semibold">Expires</th>
                <th className="px-4 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((t) => (
                <tr
                  key={t.id}
                  data-testid="token-row"
                  className={cn("border-b last:border-0", t.revokedAt && "opacity-60")}
                >
                  <td className="px-4 py-2.5">
                    <p className="flex items-center gap-2 font-medium">
                      {t.name} {tokenState(t)}
                    </p>
                    <p className="text-[12px] text-muted-foreground">
                      <code className="font-mono">{t.prefix}_…</code> · created {formatDateTime(t.createdAt)}
                    </p>
                  </td>
                  <td className="px-4 py-2.5">
                    {t.scopes.map((s) => (
                      <Badge key={s} variant={s === "admin" ? "info" : "secondary"} className="mr-1 capitalize">
                        {s}
                      </Badge>
                    ))}
                  </td>
                  {me.role === "admin" ? <td className="px-4 py-2.5">{t.owner.name}</td> : null}
                  <td className="px-4 py-2.5 text-muted-foreground" title={formatDateTime(t.lastUsedAt)}>
                    {formatAgo(t.lastUsedAt)}
                  </td>
                  <td className="px-4 py-2.5 text-muted-foreground">
                    {t.expiresAt ? formatDateTime(t.expiresAt) : "Never"}
                  </td>
                  <td className="px-4 py-2.5 text-right">
                    {t.revokedAt ? null : (
                      <Button variant="ghost" size="sm" onClick={() => setRevoking(t)} aria-label={`Revoke ${t.name}`}>
                        Revoke
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <CreateTokenDialog open={creating} onOpenChange={setCreating} />
      <ConfirmDialog
        open={!!revoking}
        onOpenChange={(o) => !o && setRevoking(null)}
        title={`Revoke ${revoking?.name ?? "token"}?`}
        description="Anything using it stops working at once. This cannot be undone."
        confirmLabel="Revoke token"
        destructive
        pending={revoke.isPending}
        onConfirm={() =>
          revoking &&
          revoke.mutate(revoking.id, {
            onSuccess: () => {
              toast.success("Token revoked");
              setRevoking(null);
            },
            onError: (err) => toast.error(errorMessage(err)),
          })
        }
      />
    </PageBody>
  );
}
