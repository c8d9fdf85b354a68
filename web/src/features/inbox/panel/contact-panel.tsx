import { X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ConversationCampaigns } from "@/features/campaigns/conversation-campaigns";
import { ContactProfile, ContactProfileSkeleton } from "@/features/contacts/contact-profile";
import { CsatSection } from "@/features/csat/csat-section";
import { ContactLabels } from "@/features/labels/contact-labels";
import { useInbox } from "../inbox-context";
import { useConversation } from "../queries";
import { VisitorSection } from "./visitor-section";

export function ContactPanel({ conversationId }: { conversationId: string }) {
  const conv = useConversation(conversationId);
  const { togglePanel } = useInbox();
  return (
    <aside
      aria-label="Contact details"
      className="scrollbar-thin flex w-[300px] shrink-0 flex-col overflow-y-auto border-l bg-sidebar"
    >
      <div className="flex h-14 shrink-0 items-center justify-between border-b px-4">
        <h2 className="text-[13px] font-semibold">Contact</h2>
        <Button variant="ghost" size="icon-sm" aria-label="Hide contact details" onClick={togglePanel}>
          <X />
        </Button>
      </div>
      {conv.data ? (
        <>
          {/* A website visitor: where they are and on what, before the profile (it is what the agent needs first). */}
          {conv.data.channelType === "webchat" ? <VisitorSection contactId={conv.data.contact.id} /> : null}
          <ConversationCampaigns conversationId={conversationId} lastMessageAt={conv.data.lastMessageAt} />
          <CsatSection conversationId={conversationId} />
          <ContactProfile contactId={conv.data.contact.id} currentConversationId={conversationId} />
        </>
      ) : (
        <ContactProfileSkeleton />
      )}
      {conv.data ? <ContactLabels contactId={conv.data.contact.id} /> : null}
    </aside>
  );
}
