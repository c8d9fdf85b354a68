import { ArrowRight, Search } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { toast } from "sonner";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/api";
import type { ContactDetail, ContactListItem } from "@/lib/types";
import { cn, contactName } from "@/lib/utils";
import { useContactList, useMergeContacts } from "./queries";

type Person = { id: string; name: string | null; email: string | null; phone: string | null; avatarUrl: string | null };

function Who({ p, label }: { p: Person; label: string }) {
  return (
    <div className="flex min-w-0 flex-1 flex-col items-center gap-1 rounded-lg border px-2 py-3 text-center">
      <Avatar name={contactName(p)} src={p.avatarUrl} seed={p.id} />
      <p className="w-full truncate text-[13px] font-medium">{contactName(p)}</p>
      <p className="w-full truncate text-[11.5px] text-muted-foreground">{p.email ?? p.phone ?? "No details"}</p>
      <p className="text-[10.5px] font-semibold tracking-wide text-muted-foreground uppercase">{label}</p>
    </div>
  );
}

/** Search another contact, confirm what moves, merge it into this one (or the other way round). */
export function MergeDialog({
  contact,
  open,
  onOpenChange,
  onMerged,
}: {
  contact: ContactDetail;
  open: boolean;
  onOpenChange: (o: boolean) => void;
  onMerged: (keptId: string) => void;
}) {
  const [input, setInput] = useState("");
  const [q, setQ] = useState("");
  const [other, setOther] = useState<ContactListItem | null>(null);
  const [keepThis, setKeepThis] = useState(true);
  const list = useContactList(q);
  const merge = useMergeContacts();
  const results = useMemo(
    () => (list.data?.pages.flatMap((p) => p.items) ?? []).filter((c) => c.id !== contact.id).slice(0, 8),
    [list.data, contact.id],
  );
  useEffect(() => {
    const t = setTimeout(() => setQ(input.trim()), 250);
    return () => clearTimeout(t);
  }, [input]);
  useEffect(() => {
    if (!open) {
      setInput("");
      setOther(null);
      setKeepThis(true);
    }
  }, [open]);

  const keep: Person = keepThis || !other ? contact : other;
  const drop: Person | null = other ? (keepThis ? other : contact) : null;
  const run = () => {
    if (!drop) return;
    merge.mutate(
      { keepId: keep.id, otherId: drop.id },
      {
        onSuccess: (kept) => {
          toast.success(`Merged into ${contactName(kept)}`);
          onOpenChange(false);
          onMerged(kept.id);
        },
        onError: (err) => toast.error(`Couldn't merge: ${errorMessage(err)}`),
      },
    );
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title={other ? "Merge these contacts?" : `Merge ${contactName(contact)} with…`}
        description={other ? undefined : "Find the duplicate: the same person writing from another channel or email."}
        className="max-w-lg"
      >
        {!other ? (
          <div className="grid gap-2">
            <div className="relative">
              <Search className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-muted-foreground" />
              <Input
                autoFocus
                type="search"
                aria-label="Search contacts to merge"
                placeholder="Search by name, email or phone"
                value={input}
                onChange={(e) => setInput(e.target.value)}
                className="pl-8"
                data-testid="merge-search"
              />
              {list.isFetching ? <Spinner className="absolute top-2 right-2 size-3.5 text-muted-foreground" /> : null}
            </div>
            <ul className="max-h-72 overflow-y-auto" aria-label="Matching contacts">
              {list.isError ? (
                <li className="px-2 py-3 text-[13px] text-destructive">{errorMessage(list.error)}</li>
              ) : null}
              {!list.isPending && !list.isError && results.length === 0 ? (
                <li className="px-2 py-6 text-center text-[13px] text-muted-foreground">No other contact matches.</li>
              ) : null}
              {results.map((c) => (
                <li key={c.id}>
                  <button
                    type="button"
                    onClick={() => setOther(c)}
                    data-testid="merge-candidate"
                    className="flex w-full items-center gap-2.5 rounded-md px-2 py-1.5 text-left outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring/50"
                  >
                    <Avatar name={contactName(c)} src={c.avatarUrl} seed={c.id} size="sm" />
                    <span className="min-w-0 flex-1">
                      <span className="block truncate text-[13px] font-medium">{contactName(c)}</span>
                      <span className="block truncate text-[11.5px] text-muted-foreground">
                        {[c.email, c.phone].filter(Boolean).join(" · ") || "No contact details"}
                      </span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <div className="grid gap-3">
            <div className="flex items-center gap-2">
              <Who p={drop!} label="Merged, then removed" />
              <ArrowRight className="size-4 shrink-0 text-muted-foreground" />
              <Who p={keep} label="Kept" />
            </div>
            <ul className="list-disc space-y-1 pl-5 text-[13px] text-muted-foreground">
              <li>
                {contactName(drop!)}'s channel identities, conversations and messages move to {contactName(keep)}.
              </li>
              <li>Notes are appended; empty name, email and phone are filled in; custom attributes are combined.</li>
              <li>{contactName(drop!)} is then removed. This can't be undone.</li>
            </ul>
            <button
              type="button"
              onClick={() => setKeepThis((k) => !k)}
              className={cn("justify-self-start text-[12.5px] text-primary hover:underline")}
            >
              Keep {contactName(drop!)} instead
            </button>
          </div>
        )}
        <DialogFooter>
          {other ? (
            <Button variant="outline" onClick={() => setOther(null)}>
              Back
            </Button>
          ) : (
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
          )}
          <Button onClick={run} disabled={!other || merge.isPending} data-testid="merge-confirm">
            {merge.isPending ? <Spinner /> : null} Merge contacts
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
