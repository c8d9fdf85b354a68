import type { TicketView } from "@switchboard/contracts";
import { Bookmark, ChevronDown, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { errorMessage } from "@/lib/api";
import { type TicketFilters, useDeleteTicketView, useSaveTicketView, useTicketViews } from "./queries";

type Props = { filters: TicketFilters; activeId: string | null; onApply: (v: TicketView) => void };

/** Saved views: the caller's own and the shared ones; save the current filters and sort; delete one's own. */
export function TicketViewsMenu({ filters, activeId, onApply }: Props) {
  const views = useTicketViews();
  const remove = useDeleteTicketView();
  const [saving, setSaving] = useState(false);
  const all = views.data ?? [];
  const mine = all.filter((v) => v.mine);
  const shared = all.filter((v) => !v.mine);
  const active = all.find((v) => v.id === activeId);
  const row = (v: TicketView) => (
    <DropdownMenuItem key={v.id} onSelect={() => onApply(v)} data-testid="ticket-view-item">
      <span className="min-w-0 flex-1 truncate">{v.name}</span>
      {v.mine ? (
        <button
          type="button"
          aria-label={`Delete view ${v.name}`}
          className="rounded p-0.5 text-muted-foreground hover:text-destructive"
          // Keep the pointer from the menu item, which would otherwise apply the view and close the menu.
          onPointerDown={(e) => e.stopPropagation()}
          onPointerUp={(e) => e.stopPropagation()}
          onClick={(e) => {
            e.stopPropagation();
            e.preventDefault();
            remove.mutate(v.id, {
              onSuccess: () => toast.success(`Deleted view “${v.name}”`),
              onError: (err) => toast.error(errorMessage(err)),
            });
          }}
        >
          <Trash2 className="size-3.5" />
        </button>
      ) : null}
    </DropdownMenuItem>
  );
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="outline" size="sm" data-testid="ticket-views">
            <Bookmark /> {active?.name ?? "Views"} <ChevronDown className="opacity-60" />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="max-h-96 w-60 overflow-y-auto">
          <DropdownMenuLabel>My views</DropdownMenuLabel>
          {mine.length ? mine.map(row) : <p className="px-2 pb-1 text-[12.5px] text-muted-foreground">None yet.</p>}
          <DropdownMenuLabel>Shared with the team</DropdownMenuLabel>
          {shared.length ? shared.map(row) : <p className="px-2 pb-1 text-[12.5px] text-muted-foreground">None.</p>}
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setSaving(true)} data-testid="save-ticket-view">
            Save current view…
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      {saving ? <SaveViewDialog filters={filters} onClose={() => setSaving(false)} onSaved={onApply} /> : null}
    </>
  );
}

function SaveViewDialog({
  filters,
  onClose,
  onSaved,
}: {
  filters: TicketFilters;
  onClose: () => void;
  onSaved: (v: TicketView) => void;
}) {
  const save = useSaveTicketView();
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const { sort = "updated", conversation: _c, ...rest } = filters;
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title="Save view" description="Saves the current filters, search and sort." className="max-w-sm">
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(
              { name: name.trim(), shared, filters: rest, sort },
              {
                onSuccess: (v) => {
                  toast.success(`Saved view “${v.name}”`);
                  onSaved(v);
                  onClose();
                },
              },
            );
          }}
        >
          <Input
            aria-label="View name"
            placeholder="e.g. Urgent, unassigned"
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoFocus
            data-testid="ticket-view-name"
          />
          <div className="flex items-center gap-2 text-[13px]">
            <Switch id="ticket-view-shared" checked={shared} onCheckedChange={setShared} />
            <label htmlFor="ticket-view-shared">Share with the team</label>
          </div>
          {save.isError ? (
            <p role="alert" className="text-[12.5px] text-destructive">
              {errorMessage(save.error)}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={!name.trim() || save.isPending}>
              Save
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
