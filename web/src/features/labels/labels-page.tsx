import type { Label } from "@switchboard/contracts";
import { labelColors } from "@switchboard/contracts/values";
import { Check, Pencil, Plus, Tag, Trash2 } from "lucide-react";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Field } from "@/components/field";
import { EmptyState, ErrorState } from "@/components/states";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { PageBody, PageHeader } from "@/features/settings/page-header";
import { ApiError, errorMessage } from "@/lib/api";
import { cn } from "@/lib/utils";
import { LabelChip } from "./label-chip";
import { useLabelAdmin, useLabels } from "./queries";

/** Settings → Labels: admins create, rename, recolour and delete the labels agents apply. */
export function LabelsPage() {
  const labels = useLabels();
  const [editing, setEditing] = useState<Label | "new" | null>(null);
  const [deleting, setDeleting] = useState<Label | null>(null);
  const { remove } = useLabelAdmin();
  return (
    <PageBody wide>
      <PageHeader
        title="Labels"
        description="Tag conversations and contacts (billing, bug, VIP…), then filter the inbox by them."
        actions={
          <Button onClick={() => setEditing("new")} data-testid="add-label">
            <Plus /> New label
          </Button>
        }
      />
      <div className="overflow-hidden rounded-lg border bg-card">
        {labels.isPending ? (
          <div className="flex flex-col gap-3 p-4">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} className="h-8 w-full" />
            ))}
          </div>
        ) : labels.isError ? (
          <ErrorState error={labels.error} onRetry={() => void labels.refetch()} />
        ) : labels.data.length === 0 ? (
          <EmptyState
            icon={<Tag />}
            title="No labels yet"
            description="Create the first one; agents add labels from a conversation with L, or to many at once from the list."
            action={
              <Button variant="outline" size="sm" onClick={() => setEditing("new")}>
                <Plus /> New label
              </Button>
            }
          />
        ) : (
          <table className="w-full text-left text-[13px]">
            <thead className="border-b bg-muted/60 text-[11px] font-semibold tracking-wide text-muted-foreground uppercase">
              <tr>
                <th className="px-4 py-2 font-semibold">Label</th>
                <th className="px-4 py-2 font-semibold">Description</th>
                <th className="px-4 py-2 text-right font-semibold">Conversations</th>
                <th className="px-4 py-2 text-right font-semibold">Contacts</th>
                <th className="px-4 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {labels.data.map((l) => (
                <tr key={l.id} data-testid="label-row" className="border-b last:border-0">
                  <td className="px-4 py-2.5">
                    <LabelChip label={l} className="h-5 max-w-[200px] text-[12px]" />
                  </td>
                  <td className="max-w-[280px] truncate px-4 py-2.5 text-muted-foreground">{l.description || "—"}</td>
                  <td className="px-4 py-2.5 text-right tabular-nums">{l.conversationCount}</td>
                  <td className="px-4 py-2.5 text-right tabular-nums">{l.contactCount}</td>
                  <td className="px-4 py-2.5 text-right whitespace-nowrap">
                    <Button variant="ghost" size="sm" onClick={() => setEditing(l)} aria-label={`Edit ${l.name}`}>
                      <Pencil /> Edit
                    </Button>
                    <Button
                      variant="ghost"
                      size="icon-sm"
                      onClick={() => setDeleting(l)}
                      aria-label={`Delete ${l.name}`}
                    >
                      <Trash2 />
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <LabelDialog label={editing} onClose={() => setEditing(null)} />
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => (o ? undefined : setDeleting(null))}
        title={`Delete “${deleting?.name ?? ""}”?`}
        description={`It comes off ${deleting?.conversationCount ?? 0} conversation(s) and ${deleting?.contactCount ?? 0} contact(s). This cannot be undone.`}
        confirmLabel="Delete label"
        destructive
        pending={remove.isPending}
        onConfirm={() =>
          remove.mutate(deleting!.id, {
            onSuccess: () => {
              toast.success("Label deleted");
              setDeleting(null);
            },
            onError: (err) => toast.error(`Couldn't delete: ${errorMessage(err)}`),
          })
        }
      />
    </PageBody>
  );
}

function LabelDialog({ label, onClose }: { label: Label | "new" | null; onClose: () => void }) {
  const { create, update } = useLabelAdmin();
  const [name, setName] = useState("");
  const [color, setColor] = useState<string>(labelColors[5]);
  const [description, setDescription] = useState("");
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  useEffect(() => {
    if (!label) return;
    setErrors({});
    setName(label === "new" ? "" : label.name);
    setColor(label === "new" ? labelColors[Math.floor(Math.random() * labelColors.length)]! : label.color);
    setDescription(label === "new" ? "" : label.description);
  }, [label]);
  const pending = create.isPending || update.isPending;
  const onError = (err: unknown) => {
    if (err instanceof ApiError && Object.keys(err.fieldErrors).length) setErrors(err.fieldErrors);
    else toast.error(errorMessage(err));
  };
  const submit = () => {
    const body = { name: name.trim(), color, description: description.trim() };
    if (!body.name) return setErrors({ name: ["Give the label a name"] });
    if (label === "new")
      create.mutate(body, {
        onSuccess: () => {
          toast.success("Label created");
          onClose();
        },
        onError,
      });
    else if (label) update.mutate({ id: label.id, ...body }, { onSuccess: () => onClose(), onError });
  };
  return (
    <Dialog open={!!label} onOpenChange={(o) => (o ? undefined : onClose())}>
      <DialogContent title={label === "new" ? "New label" : "Edit label"}>
        <form
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Field id="label-name" label="Name" errors={errors.name}>
            <Input
              id="label-name"
              value={name}
              maxLength={50}
              autoFocus
              onChange={(e) => setName(e.target.value)}
              aria-invalid={!!errors.name}
            />
          </Field>
          <Field id="label-color" label="Colour" errors={errors.color}>
            <div id="label-color" className="flex flex-wrap gap-1.5">
              {labelColors.map((c) => (
                <button
                  key={c}
                  type="button"
                  aria-pressed={color === c}
                  aria-label={c}
                  onClick={() => setColor(c)}
                  className={cn(
                    "flex size-7 items-center justify-center rounded-full ring-offset-2 ring-offset-popover outline-none focus-visible:ring-2 focus-visible:ring-ring",
                    color === c && "ring-2 ring-foreground/60",
                  )}
                  style={{ backgroundColor: c }}
                >
                  {color === c ? <Check className="size-3.5 text-white" strokeWidth={3} /> : null}
                </button>
              ))}
            </div>
          </Field>
          <Field
            id="label-description"
            label="Description"
            hint="Optional: when to use it."
            errors={errors.description}
          >
            <Input
              id="label-description"
              value={description}
              maxLength={300}
              onChange={(e) => setDescription(e.target.value)}
            />
          </Field>
          <div className="flex items-center gap-2 text-[12.5px] text-muted-foreground">
            Preview <LabelChip label={{ id: "preview", name: name.trim() || "Label", color }} />
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending} data-testid="save-label">
              {pending ? <Spinner /> : null}
              {label === "new" ? "Create label" : "Save"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
