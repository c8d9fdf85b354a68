import { Contact as ContactIcon, Search, SearchX, Users } from "lucide-react";
import { type ReactNode, useEffect, useMemo, useRef, useState } from "react";
import { Link, useLocation, useParams } from "wouter";
import { EmptyState, ErrorState } from "@/components/states";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { useHotkeys } from "@/features/shortcuts/use-hotkeys";
import { shortRelative } from "@/lib/time";
import { cn, contactName } from "@/lib/utils";
import { ContactProfile } from "./contact-profile";
import { useContactList } from "./queries";

function ListSkeleton() {
  return (
    <div className="flex flex-col">
      {Array.from({ length: 8 }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
        <div key={i} className="flex items-center gap-3 border-b border-border/60 px-4 py-3">
          <Skeleton className="size-8 rounded-full" />
          <div className="flex flex-1 flex-col gap-1.5">
            <Skeleton className="h-3 w-32" />
            <Skeleton className="h-2.5 w-44" />
          </div>
        </div>
      ))}
    </div>
  );
}

export default function ContactsPage() {
  const params = useParams<{ id?: string }>();
  const selectedId = params.id ?? null;
  const [, navigate] = useLocation();
  const [input, setInput] = useState("");
  const [q, setQ] = useState("");
  const searchRef = useRef<HTMLInputElement>(null);
  const list = useContactList(q);
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);

  useEffect(() => {
    const t = setTimeout(() => setQ(input.trim()), 250);
    return () => clearTimeout(t);
  }, [input]);
  useHotkeys({ "/": () => searchRef.current?.focus() });

  let body: ReactNode;
  if (list.isPending) body = <ListSkeleton />;
  else if (list.isError)
    body = <ErrorState error={list.error} title="Couldn't load contacts" onRetry={() => void list.refetch()} />;
  else if (items.length === 0)
    body = q ? (
      <EmptyState icon={<SearchX />} title="No matches" description={`No contact matches “${q}”.`} />
    ) : (
      <EmptyState
        icon={<Users />}
        title="No contacts yet"
        description="People who write to you on any channel appear here."
      />
    );
  else
    body = (
      <ul aria-label="Contacts">
        {items.map((c) => {
          const name = contactName(c);
          return (
            <li key={c.id}>
              <Link
                href={`/contacts/${c.id}`}
                data-testid="contact-row"
                aria-current={c.id === selectedId ? "page" : undefined}
                className={cn(
                  "flex items-center gap-3 border-b border-border/60 px-4 py-2.5 outline-none hover:bg-accent/60 focus-visible:ring-2 focus-visible:ring-ring/50 focus-visible:ring-inset",
                  c.id === selectedId && "bg-primary/[0.07] dark:bg-primary/[0.12]",
                )}
              >
                <Avatar name={name} src={c.avatarUrl} seed={c.id} />
                <div className="min-w-0 flex-1">
                  <p className="truncate text-[13px] font-medium">{name}</p>
                  <p className="truncate text-[12px] text-muted-foreground">
                    {[c.email, c.phone].filter(Boolean).join(" · ") || "No contact details"}
                  </p>
                </div>
                <span className="shrink-0 text-[11px] text-muted-foreground">{shortRelative(c.createdAt)}</span>
              </Link>
            </li>
          );
        })}
        {list.hasNextPage ? (
          <li className="flex justify-center py-3">
            <Button
              variant="ghost"
              size="sm"
              onClick={() => void list.fetchNextPage()}
              disabled={list.isFetchingNextPage}
            >
              {list.isFetchingNextPage ? <Spinner /> : null} Load more
            </Button>
          </li>
        ) : null}
      </ul>
    );

  return (
    <div className="flex h-full min-w-0 flex-1">
      <div className="flex w-[360px] shrink-0 flex-col border-r">
        <div className="flex flex-col gap-2.5 border-b px-4 pt-3 pb-3">
          <h1 className="text-[15px] font-semibold tracking-tight">Contacts</h1>
          <div className="relative">
            <Search
              aria-hidden
              className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-muted-foreground"
            />
            <input
              ref={searchRef}
              type="search"
              aria-label="Search contacts"
              placeholder="Search by name, email or phone"
              value={input}
              onChange={(e) => setInput(e.target.value)}
              className="h-8 w-full rounded-md border border-input bg-background pr-2.5 pl-8 text-[13px] shadow-xs outline-none placeholder:text-muted-foreground/80 focus-visible:border-ring focus-visible:ring-2 focus-visible:ring-ring/30 dark:bg-input/20"
            />
            {list.isFetching && !list.isPending ? (
              <Spinner className="absolute top-2 right-2 size-3.5 text-muted-foreground" />
            ) : null}
          </div>
        </div>
        <div className="scrollbar-thin min-h-0 flex-1 overflow-y-auto">{body}</div>
      </div>
      <main className="scrollbar-thin min-w-0 flex-1 overflow-y-auto">
        {selectedId ? (
          <div className="mx-auto max-w-xl py-6">
            <div className="overflow-hidden rounded-xl border bg-card shadow-xs">
              <ContactProfile
                key={selectedId}
                contactId={selectedId}
                onMerged={(id) => navigate(`/contacts/${id}`, { replace: id !== selectedId })}
              />
            </div>
          </div>
        ) : (
          <EmptyState
            className="h-full"
            icon={<ContactIcon />}
            title="Select a contact"
            description="See their details, channels and conversation history."
          />
        )}
      </main>
    </div>
  );
}
