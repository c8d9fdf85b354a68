import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { useLocation } from "wouter";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { ApiError, errorMessage } from "@/lib/api";
import { defaultWebchat, useCreateChannel } from "./queries";
import { formErrors, parseOrigins, type WebchatForm, WebchatFields } from "./webchat-fields";

const initial: WebchatForm = {
  name: "Website",
  origins: "*",
  requireIdentityVerification: false,
  welcomeMessage: defaultWebchat.welcomeMessage,
  color: defaultWebchat.color,
};

export function CreateChannelDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const create = useCreateChannel();
  const [, navigate] = useLocation();
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<ReturnType<typeof formErrors>>({});

  const close = (o: boolean) => {
    onOpenChange(o);
    if (!o) {
      setForm(initial);
      setErrors({});
    }
  };

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
          close(false);
          navigate(`/settings/channels/${res.channel.id}`);
        },
        onError: (err) => {
          if (err instanceof ApiError && err.code === "validation_failed") setErrors(formErrors(err.fieldErrors));
          else toast.error(errorMessage(err));
        },
      },
    );
  };

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent title="New website channel" description="Add a chat widget to your website." className="max-w-lg">
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <WebchatFields idPrefix="new-channel" value={form} onChange={setForm} errors={errors} />
          <DialogFooter>
            <Button variant="outline" onClick={() => close(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending || !form.name.trim()} data-testid="create-channel-submit">
              {create.isPending ? <Spinner /> : null}
              Create channel
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
