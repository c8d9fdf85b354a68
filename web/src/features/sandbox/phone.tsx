import { ChevronLeft, SendHorizontal, Signal, Wifi } from "lucide-react";
import { type FormEvent, useEffect, useLayoutEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { ChannelIcon } from "@/components/channel-icon";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/api";
import type { ProviderType } from "@/lib/types";
import { cn } from "@/lib/utils";
import { PhoneBubble } from "./phone-message";
import { markPhoneRead, useCustomerSays, type useSandboxThread } from "./phone-queries";
import { phoneThemes } from "./phone-theme";

export interface PhoneProps {
  channel: { id: string; type: ProviderType; name: string };
  thread: ReturnType<typeof useSandboxThread>;
  customer: { id: string; name: string };
  /** The customer has the chat open: business messages get read (read receipts where the app has them). */
  chatOpen: boolean;
}

/** Marks business messages read ~1 s after the phone shows them, while the chat is open and the tab visible. */
function useAutoRead(channelId: string, customerId: string, unreadKey: string, on: boolean) {
  useEffect(() => {
    if (!on || !unreadKey) return;
    const t = setTimeout(() => {
      if (document.visibilityState === "visible") markPhoneRead(channelId, customerId).catch(() => undefined);
    }, 1_000);
    return () => clearTimeout(t);
  }, [channelId, customerId, unreadKey, on]);
}

export function Phone({ channel, thread, customer, chatOpen }: PhoneProps) {
  const theme = phoneThemes[channel.type];
  const says = useCustomerSays(channel.id);
  const [text, setText] = useState("");
  const [pending, setPending] = useState<{ id: string; text: string; at: string }[]>([]);
  const listRef = useRef<HTMLOListElement>(null);
  const items = thread.data ?? [];
  const unreadKey = items
    .filter((m) => m.from === "business" && (m.status === "sent" || m.status === "delivered"))
    .map((m) => `${m.id}:${m.status}`)
    .join(",");
  useAutoRead(channel.id, customer.id, unreadKey, chatOpen);

  const count = items.length + pending.length;
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow new messages
  useLayoutEffect(() => {
    const el = listRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [count]);

  const send = (e: FormEvent) => {
    e.preventDefault();
    const body = text.trim();
    if (!body || !customer.id) return;
    const local = { id: `p${Date.now()}`, text: body, at: new Date().toISOString() };
    setPending((p) => [...p, local]);
    setText("");
    says.mutate(
      { customerId: customer.id, customerName: customer.name || "Sandbox customer", text: body },
      {
        onError: (err) => {
          toast.error(`The simulated ${theme.app} couldn't send it: ${errorMessage(err)}`);
          setText((cur) => cur || body);
        },
        onSettled: () => setPending((p) => p.filter((x) => x.id !== local.id)),
      },
    );
  };

  return (
    <div
      data-testid="phone"
      data-channel-type={channel.type}
      className="relative flex h-[min(640px,calc(100vh-250px))] min-h-[440px] w-[340px] shrink-0 flex-col overflow-hidden rounded-[2.6rem] border-[10px] border-zinc-900 bg-zinc-900 shadow-2xl ring-1 ring-zinc-700/50 dark:ring-zinc-600"
    >
      <div
        className={cn(
          "flex h-7 items-center justify-between px-6 text-[11px] font-semibold",
          theme.header,
          theme.headerText,
        )}
      >
        <span>9:41</span>
        <span aria-hidden className="absolute top-1.5 left-1/2 h-4 w-20 -translate-x-1/2 rounded-full bg-zinc-900" />
        <span className="flex items-center gap-1">
          <Signal className="size-3" aria-hidden /> <Wifi className="size-3" aria-hidden />
        </span>
      </div>
      <header className={cn("flex items-center gap-2 px-2 pb-2", theme.header, theme.headerText)}>
        <ChevronLeft className="size-5 opacity-90" aria-hidden />
        <span className="flex size-8 items-center justify-center rounded-full bg-white/90">
          <ChannelIcon type={channel.type} className={cn("size-4", channel.type === "x" && "text-black")} />
        </span>
        <div className="min-w-0 leading-tight">
          <p className="truncate text-[14px] font-semibold">{channel.name}</p>
          <p className="text-[11px] opacity-80">{channel.type === "telegram" ? "bot" : "Business account"}</p>
        </div>
      </header>
      <ol
        ref={listRef}
        aria-label={`${theme.app} chat`}
        aria-live="polite"
        className={cn("scrollbar-thin flex min-h-0 flex-1 flex-col gap-1.5 overflow-y-auto px-3 py-3", theme.chat)}
      >
        {thread.isPending && customer.id ? (
          <li className="m-auto">
            <Spinner className={theme.meta} />
          </li>
        ) : null}
        {thread.isError ? (
          <li
            role="alert"
            className="m-auto max-w-[85%] rounded-lg bg-white/90 px-3 py-2 text-center text-[12.5px] text-red-700"
          >
            Couldn't load the phone: {errorMessage(thread.error)}
          </li>
        ) : null}
        {!thread.isPending && !thread.isError && count === 0 ? (
          <li className="m-auto max-w-[85%] rounded-lg bg-white/85 px-3 py-2 text-center text-[12.5px] text-zinc-700 shadow-sm">
            You are {customer.name || "the customer"}. Say hello: it reaches the inbox through the real {theme.app}{" "}
            webhook.
          </li>
        ) : null}
        {items.map((m) => (
          <PhoneBubble key={m.id} message={m} theme={theme} />
        ))}
        {pending.map((m) => (
          <PhoneBubble key={m.id} message={{ ...m, from: "customer", status: "sent" }} theme={theme} pending />
        ))}
      </ol>
      <form onSubmit={send} className={cn("flex items-center gap-2 px-2 py-2", theme.composer)}>
        <label htmlFor="phone-input" className="sr-only">
          Message as {customer.name || "the customer"}
        </label>
        <input
          id="phone-input"
          data-testid="phone-input"
          autoComplete="off"
          value={text}
          maxLength={4000}
          onChange={(e) => setText(e.target.value)}
          placeholder="Message"
          disabled={!customer.id}
          className={cn(
            "h-9 min-w-0 flex-1 rounded-full px-4 text-[14px] outline-none focus-visible:ring-2 focus-visible:ring-sky-400/60",
            theme.input,
          )}
        />
        <button
          type="submit"
          data-testid="phone-send"
          aria-label="Send"
          disabled={!text.trim() || !customer.id}
          className={cn(
            "flex size-9 shrink-0 items-center justify-center rounded-full outline-none transition-opacity focus-visible:ring-2 focus-visible:ring-sky-400/60 disabled:opacity-50",
            theme.send,
          )}
        >
          <SendHorizontal className="size-4" />
        </button>
      </form>
      <div aria-hidden className="flex h-5 items-center justify-center bg-zinc-900">
        <span className="h-1 w-24 rounded-full bg-zinc-600" />
      </div>
    </div>
  );
}
