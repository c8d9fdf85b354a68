import { type ChangeEvent, type FormEvent, useState } from "react";
import { toast } from "sonner";
import { Field } from "@/components/field";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { ApiError, errorMessage, type FieldErrors } from "@/lib/api";
import { useCreateContact } from "./queries";

const empty = { name: "", email: "", phone: "" };

export function NewContactDialog({
  open,
  onOpenChange,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (id: string) => void;
}) {
  const create = useCreateContact();
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [twinId, setTwinId] = useState<string | null>(null);

  const close = (next: boolean) => {
    onOpenChange(next);
    if (!next) {
      setForm(empty);
      setErrors({});
      setFormError(null);
      setTwinId(null);
      create.reset();
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setFormError(null);
    setTwinId(null);
    create.mutate(
      { name: form.name.trim() || null, email: form.email.trim() || null, phone: form.phone.trim() || null },
      {
        onSuccess: (c) => {
          toast.success("Contact added");
          close(false);
          onCreated(c.id);
        },
        onError: (err) => {
          if (err instanceof ApiError && (err.code === "validation_failed" || err.code === "conflict")) {
            setErrors(err.fieldErrors);
            setFormError(err.formErrors.join(" ") || (Object.keys(err.fieldErrors).length ? null : err.message));
            const id = (err.details as { contactId?: string } | undefined)?.contactId;
            if (id) setTwinId(id);
          } else setFormError(errorMessage(err));
        },
      },
    );
  };
  const set = (k: keyof typeof empty) => (e: ChangeEvent<HTMLInputElement>) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent
        title="New contact"
        description="A name, an email or a phone number. Phone numbers are saved in international format."
        data-testid="new-contact-dialog"
      >
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <Field id="contact-name" label="Name" errors={errors.name}>
            <Input id="contact-name" autoFocus value={form.name} onChange={set("name")} aria-invalid={!!errors.name} />
          </Field>
          <Field id="contact-email" label="Email" errors={errors.email}>
            <Input
              id="contact-email"
              type="email"
              autoComplete="off"
              value={form.email}
              onChange={set("email")}
              aria-invalid={!!errors.email}
            />
          </Field>
          <Field id="contact-phone" label="Phone" errors={errors.phone} hint="e.g. +1 415 555 0100">
            <Input
              id="contact-phone"
              type="tel"
              autoComplete="off"
              value={form.phone}
              onChange={set("phone")}
              aria-invalid={!!errors.phone}
            />
          </Field>
          {formError ? <p className="text-[13px] text-destructive">{formError}</p> : null}
          {twinId ? (
            <Button
              type="button"
              variant="link"
              className="h-auto justify-start p-0"
              onClick={() => {
                close(false);
                onCreated(twinId);
              }}
            >
              Open the existing contact
            </Button>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => close(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending} data-testid="create-contact">
              {create.isPending ? <Spinner className="size-3.5" /> : null}
              Add contact
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
