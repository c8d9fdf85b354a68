import { MessageSquareText, Pencil, Plus, Search, Trash2 } from "lucide-react";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { EmptyState, ErrorState } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { useMe } from "@/features/auth/queries";
import {
  type CannedResponse,
  searchCanned,
  useCannedResponses,
  useDeleteCanned,
} from "@/features/canned-responses/queries";
import { errorMessage } from "@/lib/api";
import { cn } from "@/lib/utils";
import { toPlainText } from "../../../../../contracts/src/markdown";
import { PageBody, PageHeader } from "../page-header";
import { CannedDialog } from "./canned-dialog";

type Filter = "all" | "shared" | "personal";

function ConfirmDelete({ item, onClose }: { item: CannedResponse | null; onClose: () => void }) {
  const del = useDeleteCanned();
  if (!item) return null;
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent
        title={`Delete /${item.shortcut}?`}
        description={
          item.scope === "shared"
            ? "It disappears for every agent. This can't be undone."
            : "It disappears from your replies. This can't be undone."
        }
      >
        <DialogFooter>
          <Button variant="ghost" onClick={onClose}>
            Keep
          </Button>
          <Button
            variant="destructive"
            data-testid="canned-delete-confirm"
            disabled={del.isPending}
            onClick={() =>
              del.mutate(item.id, {
                onSuccess: () => {
                  toast.success(`Deleted /${item.shortcut}`);
                  onClose();
                },
                onError: (err) => toast.error(errorMessage(err)),
              })
            }
          >
            Delete
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

/** Settings → Canned responses: everyone manages their own; admins also the shared ones. */
export function CannedResponsesPage() {
  const me = useMe();
  const isAdmin = me.role === "admin";
  const list = useCannedResponses();
  const [q, setQ] = useState("");
  const [filter, setFilter] = useState<Filter>("all");
  const [dialog, setDialog] = useState<{ editing: CannedResponse | null } | null>(null);
  const [deleting, setDeleting] = useState<CannedResponse | null>(null);

  const rows = useMemo(
    () => searchCanned(list.data ?? [], q).filter((c) => filter === "all" || c.scope === filter),
    [list.data, q, filter],
  );
  const count = (f: Filter) => (list.data ?? []).filter((c) => f === "all" || c.scope === f).length;

  return (
    <PageBody wide>
      <PageHeader
        title="Canned responses"
        description={
          isAdmin
            ? "Saved replies agents insert by typing / in the composer. Shared ones are offered to everyone; personal ones only to their owner."
            : "Saved replies you insert by typing / in the composer. Shared ones are managed by admins."
        }
        actions={
          <Button onClick={() => setDialog({ editing: null })} data-testid="canned-add">
            <Plus /> New canned response
          </Button>
        }
      />
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <div className="relative w-72 max-w-full">
          <Search className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-muted-foreground" />
          <Input
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="Search shortcut, title or text"
            aria-label="Search canned responses"
            className="h-8 pl-8 text-[13px]"
          />
        </div>
        <div role="tablist" aria-label="Show" className="flex rounded-md border p-0.5">
          {(["all", "shared", "personal"] as const).map((f) => (
            <button
              key={f}
              type="button"
              role="tab"
              aria-selected={filter === f}
              onClick={() => setFilter(f)}
              className={cn(
                "h-7 rounded px-2.5 text-[12.5px] font-medium capitalize",
                filter === f ? "bg-accent text-foreground" : "text-muted-foreground hover:text-foreground",
              )}
            >
              {f === "personal" ? "Mine" : f} <span className="text-muted-foreground tabular-nums">{count(f)}</span>
            </button>
          ))}
        </div>
      </div>
      <div className="overflow-hidden rounded-lg border bg-card">
        {list.isPending ? (
          <div className="flex flex-col gap-3 p-4">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} className="h-10 w-full" />
            ))}
          </div>
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.length === 0 ? (
          <EmptyState
            icon={<MessageSquareText />}
            title="No canned responses yet"
            description="Save the answers you give often, then type / in the composer to insert one."
            action={
              <Button size="sm" onClick={() => setDialog({ editing: null })}>
                <Plus /> New canned response
              </Button>
            }
          />
        ) : rows.length === 0 ? (
          <EmptyState icon={<Search />} title="Nothing matches" description={`No canned response matches “${q}”.`} />
        ) : (
          <table className="w-full table-fixed text-left text-[13px]">
            <thead className="border-b bg-muted/60 text-[11px] font-semibold tracking-wide text-muted-foreground uppercase">
              <tr>
                <th className="w-32 px-4 py-2 font-semibold">Shortcut</th>
                <th className="px-4 py-2 font-semibold">Reply</th>
                <th className="w-28 px-4 py-2 font-semibold">Used by</th>
                <th className="w-36 px-4 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id} data-testid="canned-row" className="border-b align-top last:border-0">
                  <td className="px-4 py-2.5 font-mono text-[12.5px] font-medium text-primary">/{c.shortcut}</td>
                  <td className="min-w-0 px-4 py-2.5">
                    <p className="truncate font-medium">{c.title}</p>
                    <p className="line-clamp-2 text-[12.5px] text-muted-foreground">{toPlainText(c.body)}</p>
                  </td>
                  <td className="px-4 py-2.5">
                    <Badge variant={c.scope === "shared" ? "info" : "secondary"}>
                      {c.scope === "shared" ? "Everyone" : "Only me"}
                    </Badge>
                  </td>
                  <td className="px-4 py-2 text-right whitespace-nowrap">
                    {c.canEdit ? (
                      <>
                        <Button
                          variant="ghost"
                          size="sm"
                          onClick={() => setDialog({ editing: c })}
                          aria-label={`Edit /${c.shortcut}`}
                        >
                          <Pencil /> Edit
                        </Button>
                        <Button
                          variant="ghost"
                          size="icon-sm"
                          onClick={() => setDeleting(c)}
                          aria-label={`Delete /${c.shortcut}`}
                          className="text-muted-foreground hover:text-destructive"
                        >
                          <Trash2 />
                        </Button>
                      </>
                    ) : (
                      <span className="text-[12px] text-muted-foreground">Managed by admins</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <CannedDialog
        open={!!dialog}
        editing={dialog?.editing ?? null}
        isAdmin={isAdmin}
        onClose={() => setDialog(null)}
      />
      <ConfirmDelete item={deleting} onClose={() => setDeleting(null)} />
    </PageBody>
  );
}
