import type { DemoStatus, RemoveDemoResult } from "@switchboard/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FlaskConical } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { useMe } from "@/features/auth/queries";
import { api, errorMessage } from "@/lib/api";
import { cn } from "@/lib/utils";
import { ConfirmDialog } from "./confirm-dialog";

export function useDemoStatus() {
  return useQuery({
    queryKey: ["demo"],
    queryFn: ({ signal }) => api<DemoStatus>("/api/demo", { signal }),
    staleTime: 60_000,
  });
}

function useRemoveDemo() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<RemoveDemoResult>("/api/demo", { method: "DELETE" }),
    onSuccess: () => {
      void qc.invalidateQueries();
    },
  });
}

/** "Remove demo data" with its confirmation (admins); used by the notice and by Settings. */
export function RemoveDemoButton({ size = "sm" }: { size?: "sm" | "default" }) {
  const remove = useRemoveDemo();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="outline" size={size} onClick={() => setOpen(true)} data-testid="remove-demo">
        Remove demo data
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        testId="remove-demo-dialog"
        title="Remove the demo data?"
        description="This deletes exactly what the demo created: its 5 sample conversations and contacts, the 2 demo agents and the Demo website channel. Your own data is not touched. The demo will not come back."
        confirmLabel="Remove demo data"
        pending={remove.isPending}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: (r) => {
              setOpen(false);
              toast.success(
                `Demo data removed (${r.removed.conversations} conversations, ${r.removed.contacts} contacts, ${r.removed.agents} agents)`,
              );
            },
            onError: (err) => toast.error(`Couldn't remove the demo data: ${errorMessage(err)}`),
          })
        }
      />
    </>
  );
}

/** A slim notice while demo rows exist; admins get the Remove action, agents are told who can. */
export function DemoNotice({ className }: { className?: string }) {
  const me = useMe();
  const demo = useDemoStatus();
  if (!demo.data?.present) return null;
  return (
    <div
      data-testid="demo-notice"
      className={cn(
        "flex items-center gap-2 border-b bg-amber-50 px-4 py-1.5 text-[12.5px] text-amber-900 dark:bg-amber-950/40 dark:text-amber-200",
        className,
      )}
    >
      <FlaskConical className="size-3.5 shrink-0" />
      <span className="min-w-0 flex-1 truncate">
        This workspace contains demo data (marked “demo”).{me.role === "admin" ? "" : " An admin can remove it."}
      </span>
      {me.role === "admin" ? <RemoveDemoButton /> : null}
    </div>
  );
}

/** Settings → Workspace → Demo data. */
export function DemoSettingsPage() {
  const demo = useDemoStatus();
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-4 px-6 py-6">
      <div>
        <h2 className="text-[15px] font-semibold">Demo data</h2>
        <p className="text-[13px] text-muted-foreground">
          A fresh server starts with a small, labelled demo workspace so the inbox is not empty.
        </p>
      </div>
      <div className="flex items-center gap-3 rounded-xl border bg-card p-4">
        <FlaskConical className="size-5 shrink-0 text-muted-foreground" />
        <div className="min-w-0 flex-1 text-[13px]">
          {demo.isPending ? (
            <p className="text-muted-foreground">Checking…</p>
          ) : demo.data?.present ? (
            <p>Demo conversations, contacts, agents and the Demo website channel are present.</p>
          ) : (
            <p className="text-muted-foreground" data-testid="demo-absent">
              {demo.data?.removedAt
                ? `Removed on ${new Date(demo.data.removedAt).toLocaleString()}. It will not come back.`
                : "There is no demo data in this workspace."}
            </p>
          )}
        </div>
        {demo.data?.present ? <RemoveDemoButton size="default" /> : null}
      </div>
    </div>
  );
}
