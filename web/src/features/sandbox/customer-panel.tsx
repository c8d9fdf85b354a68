import { ExternalLink, Info, MessagesSquare, UserRoundPlus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import type { ProviderType } from "@/lib/types";
import { contactName } from "@/lib/utils";
import { useSandboxConversation } from "./phone-queries";

// Ticks are on the customer's own messages (this is their phone): ✓ sent, ✓✓ received by the business,
// coloured once an agent has read them. With the chat open, the customer reads the replies, and the
// provider's read receipt reaches the inbox.
const receipts: Record<ProviderType, string> = {
  whatsapp:
    "Your messages get ✓✓ when the business receives them and turn blue when an agent reads them. With the chat open, you read the replies: the agent sees blue ticks.",
  telegram:
    "Telegram bots send no read receipts: your messages stay at one tick, and the agent never sees that you read a reply.",
  instagram:
    "Your messages show “Seen” once an agent reads them. With the chat open, you read the replies: the agent sees “Seen”.",
  x: "Your messages show as read once an agent reads them. With the chat open, you read the replies: the agent sees it.",
};

export interface Customer {
  id: string;
  name: string;
}

export function CustomerPanel({
  channel,
  customer,
  onCustomer,
  onNewCustomer,
  chatOpen,
  onChatOpen,
  started,
}: {
  /** The customer has written: their conversation exists (or is about to). */
  started: boolean;
  channel: { id: string; type: ProviderType };
  customer: Customer;
  onCustomer: (c: Customer) => void;
  /** Play someone else: a new id and name. */
  onNewCustomer: () => void;
  chatOpen: boolean;
  onChatOpen: (v: boolean) => void;
}) {
  const conv = useSandboxConversation(channel.id, customer.id, started);
  const idValid = /^[\w.+-]{1,64}$/.test(customer.id);
  return (
    <div className="flex w-full max-w-sm min-w-0 flex-col gap-5">
      <section className="grid gap-3 rounded-xl border bg-card p-4 shadow-xs">
        <div className="flex items-center justify-between gap-2">
          <h2 className="text-[13px] font-semibold">You are the customer</h2>
          <Button variant="outline" size="sm" onClick={onNewCustomer} data-testid="sandbox-new-customer">
            <UserRoundPlus /> New customer
          </Button>
        </div>
        <Field
          id="sandbox-customer-id"
          label={channel.type === "whatsapp" ? "Phone number (customer id)" : "Customer id"}
          hint={
            channel.type === "whatsapp" ? "International format, digits only." : "The id the app gives this person."
          }
          errors={customer.id && !idValid ? ["Letters, digits and . + - _ only"] : undefined}
        >
          <Input
            id="sandbox-customer-id"
            data-testid="sandbox-customer-id"
            value={customer.id}
            maxLength={64}
            onChange={(e) => onCustomer({ ...customer, id: e.target.value.trim() })}
            className="font-mono"
            aria-invalid={!!customer.id && !idValid}
          />
        </Field>
        <Field
          id="sandbox-customer-name"
          label="Display name"
          hint={
            channel.type === "instagram"
              ? "Instagram sends no names: the inbox looks this person up with the profile API."
              : undefined
          }
        >
          <Input
            id="sandbox-customer-name"
            data-testid="sandbox-customer-name"
            value={customer.name}
            maxLength={80}
            onChange={(e) => onCustomer({ ...customer, name: e.target.value })}
          />
        </Field>
        <div className="flex items-start justify-between gap-3">
          <div>
            <Label htmlFor="sandbox-chat-open">Chat open on the phone</Label>
            <p className="mt-1 text-xs text-muted-foreground">{receipts[channel.type]}</p>
          </div>
          <Switch
            id="sandbox-chat-open"
            data-testid="phone-chat-open"
            checked={chatOpen}
            onCheckedChange={onChatOpen}
          />
        </div>
      </section>
      <section className="grid gap-2 rounded-xl border bg-card p-4 shadow-xs">
        <h2 className="flex items-center gap-1.5 text-[13px] font-semibold">
          <MessagesSquare className="size-4 text-muted-foreground" /> Now answer as an agent
        </h2>
        <p className="text-[13px] text-muted-foreground">
          Open the inbox in another tab and answer as an agent: your reply travels through the provider adapter and
          lands on this phone.
        </p>
        {conv.data ? (
          <a
            href={`/inbox/${conv.data.id}`}
            target="_blank"
            rel="noreferrer"
            data-testid="sandbox-conversation-link"
            className="inline-flex items-center gap-1.5 justify-self-start text-[13px] font-medium text-primary hover:underline"
          >
            Open {conv.data.contact.name ? `${contactName(conv.data.contact)}'s` : "this customer's"} conversation{" "}
            <ExternalLink className="size-3.5" />
          </a>
        ) : (
          <a
            href="/inbox"
            target="_blank"
            rel="noreferrer"
            className="inline-flex items-center gap-1.5 justify-self-start text-[13px] font-medium text-primary hover:underline"
          >
            Open the inbox <ExternalLink className="size-3.5" />
          </a>
        )}
      </section>
      <p className="flex items-start gap-2 px-1 text-xs text-muted-foreground">
        <Info className="mt-0.5 size-3.5 shrink-0" />
        Everything goes through the real webhook endpoint, signature check and adapter; only the far end (the app on the
        customer's phone) is simulated.
      </p>
    </div>
  );
}
