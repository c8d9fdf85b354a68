import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { DialogFooter } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { ApiError, errorMessage } from "@/lib/api";
import type { Channel } from "@/lib/types";
import { defaultWebchat, useCreateChannel } from "./queries";
import { formErrors, parseOrigins, WebchatFields, type WebchatForm } from "./webchat-fields";

const initial: WebchatForm = {
  name: "Website",
  origins: "*",
  requireIdentityVerification: false,
  welcomeMessage: defaultWebchat.welcomeMessage,
  color: defaultWebchat.color,
};

export function WebchatCreateForm({ onCreated, onBack }: { onCreated: (c: Channel) => void; onBack: () => void }) {
  const create = useCreateChannel();
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<ReturnType<typeof formErrors>>({});

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    const origins = parseOrigins(form.origins);
    create.mutate(
      {
        type: "webchat",
        name: form.name.trim(),
        settings: {
          allowedOrigins: origins.length ? origins : ["*"],
          requireIdentityVerification: form.requireIdentityVerification,
          welcomeMessage: form.welcomeMessage,
          color: form.color,
        },
      },
      {
        onSuccess: (res) => {
          toast.success("Website channel created");
          onCreated(res.channel);
        },
        onError: (err) => {
          if (err instanceof ApiError && err.code === "validation_failed") setErrors(formErrors(err.fieldErrors));
          else toast.error(errorMessage(err));
        },
      },
    );
  };

  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      <WebchatFields idPrefix="new-channel" value={form} onChange={setForm} errors={errors} />
      <DialogFooter>
        <Button variant="outline" onClick={onBack}>
          Back
        </Button>
        <Button type="submit" disabled={create.isPending || !form.name.trim()} data-testid="create-channel-submit">
          {create.isPending ? <Spinner /> : null}
          Create channel
        </Button>
      </DialogFooter>
    </form>
  );
}
