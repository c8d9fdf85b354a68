import { KeyRound } from "lucide-react";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { ApiError, errorMessage } from "@/lib/api";
import { type Channel, isProviderType } from "@/lib/types";
import { type FieldDef, providerFields } from "./provider-fields";
import { useUpdateChannel } from "./queries";

function humanize(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[_-]/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

function SecretRow({ channel, k, def }: { channel: Channel; k: string; def?: FieldDef }) {
  const update = useUpdateChannel(channel.id);
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const label = def?.label ?? humanize(k);
  const id = `replace-${k}`;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const local = def?.validate?.(value) ?? (value.trim() ? null : "Required");
    setError(local);
    if (local) return;
    update.mutate(
      { secrets: { [k]: value.trim() } },
      {
        onSuccess: () => {
          toast.success(`${label} replaced`);
          setEditing(false);
          setValue("");
        },
        onError: (err) =>
          setError(err instanceof ApiError ? (err.fieldErrors[k]?.[0] ?? err.message) : errorMessage(err)),
      },
    );
  };

  return (
    <div className="grid gap-1.5">
      <p className="flex items-center gap-1.5 text-[13px] font-medium">
        <KeyRound className="size-3.5 text-muted-foreground" /> {label}
      </p>
      {editing ? (
        <form onSubmit={submit} className="grid gap-1.5" noValidate>
          <div className="flex items-center gap-2">
            <Input
              id={id}
              type="password"
              autoFocus
              autoComplete="new-password"
              aria-label={`New ${label.toLowerCase()}`}
              placeholder={def?.placeholder ?? `New ${label.toLowerCase()}`}
              value={value}
              onChange={(e) => setValue(e.target.value)}
              aria-invalid={!!error}
              className="font-mono text-[12.5px]"
            />
            <Button type="submit" size="sm" disabled={update.isPending}>
              {update.isPending ? <Spinner /> : null} Save
            </Button>
            <Button
              variant="ghost"
              size="sm"
              onClick={() => {
                setEditing(false);
                setError(null);
                setValue("");
              }}
            >
              Cancel
            </Button>
          </div>
          {error ? (
            <p className="text-xs text-destructive">{error}</p>
          ) : def?.hint ? (
            <p className="text-xs text-muted-foreground">{def.hint}</p>
          ) : null}
        </form>
      ) : (
        <div className="flex items-center gap-2">
          <code
            data-testid="channel-secret"
            className="min-w-0 flex-1 truncate rounded-md border bg-muted/60 px-3 py-1.5 font-mono text-[12.5px]"
          >
            {channel.secrets[k] ?? "Not set"}
          </code>
          {def ? (
            <Button variant="outline" size="sm" onClick={() => setEditing(true)} data-testid={`replace-${k}`}>
              Replace
            </Button>
          ) : null}
        </div>
      )}
    </div>
  );
}

/** Masked provider credentials, each replaceable (PATCH secrets). */
export function ProviderCredentials({ channel }: { channel: Channel }) {
  if (!isProviderType(channel.type)) return null;
  const defs = providerFields[channel.type].filter((f) => f.group === "secrets");
  const keys = [...new Set([...defs.map((d) => d.key), ...Object.keys(channel.secrets)])].filter(
    (k) => k in channel.secrets || defs.some((d) => d.key === k),
  );
  return (
    <Card>
      <CardHeader>
        <CardTitle>Credentials</CardTitle>
        <CardDescription>
          {channel.sandbox
            ? "Generated for the sandbox. Stored encrypted; only the last characters are ever shown."
            : "Stored encrypted. Only the last characters are ever shown; replace one when it expires or leaks."}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid grid-cols-[minmax(0,1fr)] gap-3">
        {keys.map((k) => (
          <SecretRow key={k} channel={channel} k={k} def={defs.find((d) => d.key === k)} />
        ))}
      </CardContent>
    </Card>
  );
}
