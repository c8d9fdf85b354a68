import { AtSign, Merge, Phone, UserRound } from "lucide-react";
import { type ReactNode, useEffect, useState } from "react";
import { Link } from "wouter";
import { ChannelIcon, channelLabel } from "@/components/channel-icon";
import { ErrorState } from "@/components/states";
import { CallContact } from "@/features/calls/call-contact";
import { ContactCalls } from "@/features/calls/contact-calls";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { statusBadge, statusLabel } from "@/features/inbox/labels";
import { shortDate, shortRelative } from "@/lib/time";
import type { ContactDetail } from "@/lib/types";
import { cn, contactName } from "@/lib/utils";
import { DeleteContactSection } from "./delete-contact";
import { ConsentSection } from "./import/consent-section";
import { InlineField } from "./inline-field";
import { MergeDialog } from "./merge-dialog";
import { useContact, useUpdateContact } from "./queries";

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="border-t px-4 py-3.5">
      <h3 className="mb-2 text-[11px] font-semibold tracking-wide text-muted-foreground uppercase">{title}</h3>
      {children}
    </section>
  );
}

function Notes({ contact }: { contact: ContactDetail }) {
  const update = useUpdateContact(contact.id);
  const [notes, setNotes] = useState(contact.notes);
  useEffect(() => setNotes(contact.notes), [contact.notes]);
  return (
    <textarea
      aria-label="Notes about this contact"
      value={notes}
      placeholder="Add a note about this person…"
      onChange={(e) => setNotes(e.target.value)}
      onBlur={() => {
        if (notes !== contact.notes) update.mutate({ notes });
      }}
      rows={3}
      className="w-full resize-none rounded-md border border-transparent bg-secondary/60 px-2.5 py-2 text-[13px] outline-none placeholder:text-muted-foreground/80 hover:border-border focus:border-ring focus:bg-background focus:ring-2 focus:ring-ring/20"
    />
  );
}

export function ContactProfileSkeleton() {
  return (
    <div className="flex flex-col gap-3 p-4">
      <div className="flex items-center gap-3">
        <Skeleton className="size-10 rounded-full" />
        <div className="flex flex-col gap-1.5">
          <Skeleton className="h-3.5 w-28" />
          <Skeleton className="h-2.5 w-20" />
        </div>
      </div>
      <Skeleton className="h-7 w-full" />
      <Skeleton className="h-7 w-full" />
      <Skeleton className="h-7 w-full" />
    </div>
  );
}

export function ContactProfile({
  contactId,
  currentConversationId,
  onMerged,
  onDeleted,
}: {
  contactId: string;
  currentConversationId?: string;
  /** After a merge: where to go with the kept contact. */
  onMerged?: (keptId: string) => void;
  /** After an admin deleted the contact. */
  onDeleted?: () => void;
}) {
  const q = useContact(contactId);
  const update = useUpdateContact(contactId);
  const [merging, setMerging] = useState(false);
  if (q.isPending) return <ContactProfileSkeleton />;
  if (q.isError)
    return <ErrorState error={q.error} title="Couldn't load the contact" onRetry={() => void q.refetch()} />;
  const c = q.data;
  const name = contactName(c);
  const save = (field: "name" | "email" | "phone") => (value: string | null) => update.mutateAsync({ [field]: value });
  const others = c.conversations.filter((x) => x.id !== currentConversationId);

  return (
    <div className="flex flex-col">
      <div className="flex items-center gap-3 px-4 py-4">
        <Avatar name={name} src={c.avatarUrl} seed={c.id} size="lg" />
        <div className="min-w-0 flex-1">
          <p className="truncate text-[14px] font-semibold">{name}</p>
          <p className="text-[12px] text-muted-foreground">Since {shortDate(c.createdAt)}</p>
        </div>
      </div>
      <MergeDialog contact={c} open={merging} onOpenChange={setMerging} onMerged={(id) => onMerged?.(id)} />
      <div className="flex flex-col gap-0.5 px-4 pb-3">
        <InlineField
          label="Name"
          field="name"
          icon={<UserRound />}
          value={c.name}
          placeholder="Add name"
          onSave={save("name")}
        />
        <InlineField
          label="Email"
          field="email"
          type="email"
          icon={<AtSign />}
          value={c.email}
          placeholder="Add email"
          onSave={save("email")}
        />
        <InlineField
          label="Phone"
          field="phone"
          type="tel"
          icon={<Phone />}
          value={c.phone}
          placeholder="Add phone"
          onSave={save("phone")}
        />
      </div>
      <Section title="Marketing consent">
        <ConsentSection contactId={c.id} />
      </Section>
      <Section title="Notes">
        <Notes contact={c} />
      </Section>
      <Section title={`Channel identities (${c.identities.length})`}>
        {c.identities.length === 0 ? (
          <p className="text-[13px] text-muted-foreground">No channel identities.</p>
        ) : (
          <ul className="flex flex-col gap-1.5">
            {c.identities.map((i) => (
              <li key={i.id} data-testid="contact-identity" className="flex items-center gap-2 text-[13px]">
                <ChannelIcon type={i.channelType} className="size-3.5" />
                <span className="text-muted-foreground">{channelLabel(i.channelType)}</span>
                <span className="min-w-0 flex-1 truncate text-right font-mono text-[11.5px]" title={i.externalId}>
                  {i.externalId}
                </span>
              </li>
            ))}
          </ul>
        )}
        <div className="mt-3 flex items-center justify-between gap-2">
          <span className="text-[12px] text-muted-foreground">Same person elsewhere?</span>
          <Button variant="outline" size="sm" onClick={() => setMerging(true)} data-testid="merge-contact">
            <Merge /> Merge with…
          </Button>
        </div>
      </Section>
      <Section title="Calls">
        <CallContact contactId={c.id} phone={c.phone} />
        <div className="mt-3">
          <ContactCalls contactId={c.id} />
        </div>
      </Section>
      <Section title={`Conversations (${c.conversations.length})`}>
        {others.length === 0 ? (
          <p className="text-[13px] text-muted-foreground">No other conversations.</p>
        ) : (
          <ul className="-mx-2 flex flex-col">
            {others.map((x) => (
              <li key={x.id}>
                <Link
                  href={`/inbox/${x.id}`}
                  className={cn(
                    "flex flex-col gap-0.5 rounded-md px-2 py-1.5 hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring/50 focus-visible:outline-none",
                  )}
                >
                  <span className="flex items-center gap-1.5 text-[11.5px] text-muted-foreground">
                    <ChannelIcon type={x.channelType} className="size-3" />
                    <Badge variant={statusBadge[x.status]}>{statusLabel[x.status]}</Badge>
                    <span className="ml-auto">{shortRelative(x.lastMessageAt)}</span>
                  </span>
                  <span className="truncate text-[13px]">{x.lastMessagePreview || "No messages"}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <DeleteContactSection contact={c} onDeleted={onDeleted} />
    </div>
  );
}
