import { type FormEvent, type ReactNode, useEffect, useState } from "react";
import { toast } from "sonner";
import { AvailabilityDot, availabilityLabel } from "@/components/availability-dot";
import { Field } from "@/components/field";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { useUpdateMe } from "@/features/agents/queries";
import { ChangePasswordForm } from "@/features/auth/change-password-form";
import { useMe } from "@/features/auth/queries";
import { AgentCsatCard } from "@/features/csat/agent-csat-card";
import { ApiError, type FieldErrors, errorMessage } from "@/lib/api";
import { type Theme, useTheme } from "@/lib/theme";
import { AVAILABILITIES } from "@/lib/types";
import { cn } from "@/lib/utils";
import { PageBody, PageHeader } from "../page-header";

export function Segmented<T extends string>({
  value,
  options,
  onChange,
  label,
}: {
  value: T;
  options: { value: T; label: ReactNode }[];
  onChange: (v: T) => void;
  label: string;
}) {
  return (
    <fieldset className="inline-flex rounded-lg bg-secondary p-0.5">
      <legend className="sr-only">{label}</legend>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={value === o.value}
          onClick={() => onChange(o.value)}
          className={cn(
            "flex h-7 items-center gap-1.5 rounded-md px-3 text-[13px] font-medium outline-none focus-visible:ring-2 focus-visible:ring-ring/50",
            value === o.value
              ? "bg-background shadow-sm dark:bg-accent"
              : "text-muted-foreground hover:text-foreground",
          )}
        >
          {o.label}
        </button>
      ))}
    </fieldset>
  );
}

function ProfileForm() {
  const me = useMe();
  const update = useUpdateMe();
  const [name, setName] = useState(me.name);
  const [avatarUrl, setAvatarUrl] = useState(me.avatarUrl ?? "");
  const [errors, setErrors] = useState<FieldErrors>({});
  useEffect(() => {
    setName(me.name);
    setAvatarUrl(me.avatarUrl ?? "");
  }, [me.name, me.avatarUrl]);

  const dirty = name.trim() !== me.name || (avatarUrl.trim() || null) !== me.avatarUrl;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    update.mutate(
      { name: name.trim(), avatarUrl: avatarUrl.trim() || null },
      {
        onSuccess: () => toast.success("Profile saved"),
        onError: (err) => {
          if (err instanceof ApiError && err.code === "validation_failed") setErrors(err.fieldErrors);
          else toast.error(errorMessage(err));
        },
      },
    );
  };

  return (
    <Card>
      <form onSubmit={submit}>
        <CardHeader>
          <CardTitle>Profile</CardTitle>
          <CardDescription>How customers and teammates see you.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <div className="flex items-center gap-3">
            <Avatar name={name || me.name} src={avatarUrl || null} seed={me.id} size="lg" />
            <div className="text-[13px]">
              <p className="font-medium">{me.email}</p>
              <p className="text-muted-foreground capitalize">{me.role}</p>
            </div>
          </div>
          <Field id="profile-name" label="Name" errors={errors.name}>
            <Input
              id="profile-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={!!errors.name}
            />
          </Field>
          <Field
            id="profile-avatar"
            label="Avatar URL"
            hint="A link to a square image, e.g. https://…/me.png"
            errors={errors.avatarUrl}
          >
            <Input
              id="profile-avatar"
              type="url"
              placeholder="https://"
              value={avatarUrl}
              onChange={(e) => setAvatarUrl(e.target.value)}
              aria-invalid={!!errors.avatarUrl}
            />
          </Field>
        </CardContent>
        <CardFooter className="justify-end">
          <Button type="submit" disabled={!dirty || !name.trim() || update.isPending}>
            {update.isPending ? <Spinner /> : null}
            Save changes
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

export function ProfilePage() {
  const me = useMe();
  const update = useUpdateMe();
  const { theme, setTheme } = useTheme();
  return (
    <PageBody>
      <PageHeader title="Profile" description="Your account, availability and appearance." />
      <div className="flex flex-col gap-5">
        <ProfileForm />
        <AgentCsatCard agentId={me.id} />
        <Card id="password">
          <CardHeader>
            <CardTitle>Password</CardTitle>
            <CardDescription>Changing it signs you out everywhere else; this browser stays signed in.</CardDescription>
          </CardHeader>
          <CardContent className="max-w-sm">
            <ChangePasswordForm onDone={() => toast.success("Password changed. Other sessions were signed out.")} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Availability</CardTitle>
            <CardDescription>Only agents who are online get new conversations.</CardDescription>
          </CardHeader>
          <CardContent>
            <Segmented
              label="Availability"
              value={me.availability}
              onChange={(availability) =>
                update.mutate({ availability }, { onError: (err) => toast.error(errorMessage(err)) })
              }
              options={AVAILABILITIES.map((a) => ({
                value: a,
                label: (
                  <>
                    <AvailabilityDot value={a} /> {availabilityLabel[a]}
                  </>
                ),
              }))}
            />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Appearance</CardTitle>
            <CardDescription>Saved in this browser.</CardDescription>
          </CardHeader>
          <CardContent>
            <Segmented<Theme>
              label="Theme"
              value={theme}
              onChange={setTheme}
              options={[
                { value: "light", label: "Light" },
                { value: "dark", label: "Dark" },
                { value: "system", label: "System" },
              ]}
            />
          </CardContent>
        </Card>
      </div>
    </PageBody>
  );
}
