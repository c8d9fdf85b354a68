import type { ConversationCampaign } from "@switchboard/contracts";
import { Megaphone } from "lucide-react";
import { Link } from "wouter";
import { useConversationCampaigns } from "./queries";

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "short" }) : "");

function Row({ c }: { c: ConversationCampaign }) {
  return (
    <li className="flex flex-col gap-0.5 text-[13px]">
      <Link href={`/campaigns/${c.campaignId}`} className="font-medium hover:underline" data-testid="conversation-campaign">
        {c.name}
      </Link>
      <span className="text-[12px] text-muted-foreground">
        Replied {when(c.repliedAt)}
        {c.variant && c.variant !== "a" ? ` · variant ${c.variant.toUpperCase()}` : ""}
        {c.sentAt ? ` · sent ${when(c.sentAt)}` : ""}
      </span>
    </li>
  );
}

/**
 * "From a campaign" in the conversation panel: the campaigns whose message this customer answered,
 * so the agent knows what they are replying to. Nothing at all for a conversation no campaign started.
 */
export function ConversationCampaigns({
  conversationId,
  lastMessageAt,
}: {
  conversationId: string;
  lastMessageAt: string | undefined;
}) {
  const q = useConversationCampaigns(conversationId, lastMessageAt);
  if (!q.data?.items.length) return null;
  return (
    <section aria-labelledby="campaigns-heading" className="flex flex-col gap-2 border-b px-4 py-4">
      <h3
        id="campaigns-heading"
        className="flex items-center gap-1.5 text-[11px] font-semibold tracking-wide text-muted-foreground uppercase"
      >
        <Megaphone aria-hidden className="size-3.5" /> From a campaign
      </h3>
      <ul className="flex flex-col gap-2">
        {q.data.items.map((c) => (
          <Row key={c.campaignId} c={c} />
        ))}
      </ul>
    </section>
  );
}
