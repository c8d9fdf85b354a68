import type { ContactRow, ContactSort } from "@switchboard/contracts";
import { ArrowDown, ArrowUp, ChevronsUpDown } from "lucide-react";
import { type ReactNode, useEffect, useRef } from "react";
import { useLocation } from "wouter";
import { ChannelIcon, channelLabel } from "@/components/channel-icon";
import { Avatar } from "@/components/ui/avatar";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { shortRelative } from "@/lib/time";
import { cn, contactName } from "@/lib/utils";

type Sort = { sort: ContactSort; dir: "asc" | "desc" };

function SortHeader({
  label,
  column,
  value,
  onSort,
  className,
}: {
  label: string;
  column: ContactSort;
  value: Sort;
  onSort: (s: Sort) => void;
  className?: string;
}) {
  const active = value.sort === column;
  const Icon = active ? (value.dir === "asc" ? ArrowUp : ArrowDown) : ChevronsUpDown;
  return (
    <th
      scope="col"
      aria-sort={active ? (value.dir === "asc" ? "ascending" : "descending") : "none"}
      className={cn("px-3 py-0 font-medium", className)}
    >
      <button
        type="button"
        data-testid={`sort-${column}`}
        onClick={() =>
          onSort({
            sort: column,
            dir: active ? (value.dir === "asc" ? "desc" : "asc") : column === "name" ? "asc" : "desc",
          })
        }
        className={cn(
          "-mx-1.5 inline-flex h-8 items-center gap-1 rounded px-1.5 outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring/50",
          active && "text-foreground",
        )}
      >
        {label}
        <Icon aria-hidden className={cn("size-3", !active && "opacity-40")} />
      </button>
    </th>
  );
}

const th = "px-3 py-0 font-medium";
// Columns give way as the table narrows (contact panel open, 1024 px): email moves under the name.
const col = {
  email: "hidden @3xl:table-cell",
  labels: "hidden @6xl:table-cell",
  seen: "hidden @2xl:table-cell",
  added: "hidden @7xl:table-cell",
};

export function ContactsTable({
  rows,
  sort,
  onSort,
  selectedId,
  hasMore,
  loadingMore,
  onLoadMore,
}: {
  rows: ContactRow[];
  sort: Sort;
  onSort: (s: Sort) => void;
  selectedId: string | null;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}) {
  const [, navigate] = useLocation();
  const sentinel = useRef<HTMLTableRowElement>(null);
  // Keyset pages load as the end of the table scrolls into view.
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasMore) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) onLoadMore();
    });
    io.observe(el);
    return () => io.disconnect();
  }, [hasMore, onLoadMore]);

  return (
    <table className="w-full table-fixed border-separate border-spacing-0 text-[13px]" data-testid="contacts-table">
      <thead className="sticky top-0 z-10 bg-background/95 text-left text-[12px] text-muted-foreground backdrop-blur">
        <tr className="[&>th]:border-b">
          <SortHeader label="Name" column="name" value={sort} onSort={onSort} className="w-[34%] pl-4" />
          <th scope="col" className={cn(th, "w-[92px]")}>
            Channels
          </th>
          <th scope="col" className={cn(th, "w-[150px]")}>
            Phone
          </th>
          <th scope="col" className={cn(th, col.email)}>
            Email
          </th>
          <th scope="col" className={cn(th, col.labels, "w-[150px]")}>
            Labels
          </th>
          <SortHeader
            label="Last seen"
            column="lastSeen"
            value={sort}
            onSort={onSort}
            className={cn(col.seen, "w-[104px]")}
          />
          <SortHeader
            label="Convs"
            column="conversations"
            value={sort}
            onSort={onSort}
            className="w-[84px] text-right [&>button]:flex-row-reverse"
          />
          <SortHeader
            label="Added"
            column="createdAt"
            value={sort}
            onSort={onSort}
            className={cn(col.added, "w-[96px] pr-4")}
          />
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => {
          const name = contactName(c);
          const selected = c.id === selectedId;
          return (
            <tr
              key={c.id}
              data-testid="contact-row"
              aria-selected={selected}
              onClick={() => navigate(`/contacts/${c.id}`)}
              className={cn(
                "cursor-pointer [&>td]:border-b [&>td]:border-border/60 [&>td]:py-2",
                selected ? "bg-primary/[0.07] dark:bg-primary/[0.12]" : "hover:bg-accent/50",
              )}
            >
              <td className="pr-3 pl-4">
                <a
                  href={`/contacts/${c.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(`/contacts/${c.id}`);
                  }}
                  className="flex min-w-0 items-center gap-2.5 rounded outline-none focus-visible:ring-2 focus-visible:ring-ring/50"
                >
                  <Avatar name={name} src={c.avatarUrl} seed={c.id} size="sm" />
                  <span className="min-w-0">
                    <span className="block truncate font-medium">{name}</span>
                    {c.email ? (
                      <span className="block truncate text-[11.5px] text-muted-foreground @3xl:hidden">{c.email}</span>
                    ) : null}
                  </span>
                </a>
              </td>
              <td className="px-3">
                <span
                  className="flex items-center gap-1"
                  title={c.channelTypes.map(channelLabel).join(", ") || "No channel"}
                >
                  {c.channelTypes.length ? (
                    c.channelTypes.map((t) => <ChannelIcon key={t} type={t} className="size-3.5" />)
                  ) : (
                    <span className="text-muted-foreground/60">—</span>
                  )}
                </span>
              </td>
              <td className="truncate px-3">
                {c.phone ? <span className="font-mono text-[12px] tabular-nums">{c.phone}</span> : <Dash />}
              </td>
              <td className={cn("truncate px-3", col.email)}>{c.email ?? <Dash />}</td>
              <td className={cn("px-3", col.labels)}>
                <Labels labels={c.labels} />
              </td>
              <td
                className={cn("px-3 text-muted-foreground", col.seen)}
                title={c.lastSeenAt ? new Date(c.lastSeenAt).toLocaleString() : undefined}
              >
                {c.lastSeenAt ? shortRelative(c.lastSeenAt) : <Dash />}
              </td>
              <td className="px-3 text-right tabular-nums">{c.conversationsCount}</td>
              <td className={cn("pr-4 pl-3 text-muted-foreground", col.added)}>
                {new Date(c.createdAt).toLocaleDateString()}
              </td>
            </tr>
          );
        })}
        {hasMore ? (
          <tr ref={sentinel}>
            <td colSpan={8} className="py-3 text-center text-muted-foreground">
              {loadingMore ? <Spinner className="inline size-4" /> : <span className="text-[12px]">Loading more…</span>}
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}

const Dash = () => <span className="text-muted-foreground/60">—</span>;

/** Labels arrive on contacts from the labels feature; the column shows them when they are there. */
function Labels({ labels }: { labels: ContactRow["labels"] }): ReactNode {
  if (!labels?.length) return <Dash />;
  return (
    <span className="flex min-w-0 flex-wrap gap-1 overflow-hidden">
      {labels.slice(0, 3).map((l) => (
        <span
          key={l.id}
          className="inline-flex max-w-full items-center gap-1 truncate rounded-full border px-1.5 py-px text-[11px]"
        >
          <span aria-hidden className="size-1.5 shrink-0 rounded-full" style={{ backgroundColor: l.color }} />
          {l.name}
        </span>
      ))}
      {labels.length > 3 ? <span className="text-[11px] text-muted-foreground">+{labels.length - 3}</span> : null}
    </span>
  );
}

export function TableSkeleton() {
  return (
    <div className="flex flex-col">
      {Array.from({ length: 10 }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
        <div key={i} className="flex items-center gap-3 border-b border-border/60 px-4 py-2.5">
          <Skeleton className="size-6 rounded-full" />
          <Skeleton className="h-3 w-40" />
          <Skeleton className="ml-auto h-3 w-24" />
          <Skeleton className="h-3 w-16" />
        </div>
      ))}
    </div>
  );
}
