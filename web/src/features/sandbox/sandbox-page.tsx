import { CircleAlert, FlaskConical, Smartphone } from "lucide-react";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { Link } from "wouter";
import { EmptyState, ErrorState } from "@/components/states";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useMe } from "@/features/auth/queries";
import { isProviderType } from "@/lib/types";
import { ChannelPicker, CreateSandboxButtons, type SandboxChannel } from "./channel-picker";
import { type Customer, CustomerPanel } from "./customer-panel";
import { Phone } from "./phone";
import { useSandboxThread } from "./phone-queries";
import { loadCustomer, randomCustomer, saveCustomer } from "./phone-customers";
import { useSandboxInfo } from "./queries";
import { SandboxTabs } from "./sandbox-tabs";

const STORE = "sb.sandbox.channel";

export function Banner() {
  return (
    <p
      data-testid="sandbox-label"
      className="flex items-center gap-2 rounded-lg border border-amber-500/40 bg-amber-500/10 px-3 py-2 text-[13px] text-amber-900 dark:text-amber-200"
    >
      <FlaskConical className="size-4 shrink-0" />
      <span>
        <span className="font-semibold">Sandbox</span> — simulated customers, nothing leaves this server.
      </span>
    </p>
  );
}

/** A listed channel that cannot play: what is wrong and where to fix it (Settings is for admins). */
function Unreadable({ channel, admin }: { channel: SandboxChannel; admin: boolean }) {
  return (
    <EmptyState
      icon={<CircleAlert />}
      title="Credentials unreadable: enter them again"
      description={`The server's secret key changed and no configured key opens the credentials of “${channel.name}”, so it can't send or receive until they are entered again.${admin ? "" : " Ask an admin to fix it in Settings → Channels."}`}
      action={
        admin ? (
          <Button asChild size="sm" data-testid="fix-sandbox-channel">
            <Link href={`/settings/channels/${channel.id}`}>Fix it in Settings</Link>
          </Button>
        ) : undefined
      }
    />
  );
}

function Workspace({ channel }: { channel: SandboxChannel }) {
  const [customer, setCustomerState] = useState<Customer>(() => loadCustomer(channel.id, channel.type));
  const setCustomer = (c: Customer) => {
    setCustomerState(c);
    saveCustomer(channel.id, c);
  };
  const [chatOpen, setChatOpen] = useState(true);
  const valid = /^[\w.+-]{1,64}$/.test(customer.id);
  const customerId = valid ? customer.id : "";
  const thread = useSandboxThread(channel.id, customerId);
  const started = !!thread.data?.some((m) => m.from === "customer");
  return (
    <div className="flex flex-wrap items-start justify-center gap-8">
      <Phone channel={channel} thread={thread} customer={{ ...customer, id: customerId }} chatOpen={chatOpen} />
      <CustomerPanel
        started={started}
        channel={channel}
        customer={customer}
        onCustomer={setCustomer}
        onNewCustomer={() => setCustomer(randomCustomer(channel.type, customer.name))}
        chatOpen={chatOpen}
        onChatOpen={setChatOpen}
      />
    </div>
  );
}

export default function SandboxPage() {
  const me = useMe();
  const admin = me.role === "admin";
  const info = useSandboxInfo();
  const channels = useMemo(
    () =>
      (info.data?.channels ?? []).flatMap((c) =>
        isProviderType(c.type)
          ? [{ id: c.id, name: c.name, type: c.type, credentialsUnreadable: !!c.credentialsUnreadable }]
          : [],
      ),
    [info.data],
  );
  // ?channel= (the channel page's "Open Try it") wins over the last one used.
  const [selected, setSelected] = useState<string | null>(
    () => new URLSearchParams(window.location.search).get("channel") ?? localStorage.getItem(STORE),
  );
  const current = channels.find((c) => c.id === selected) ?? channels[0] ?? null;
  useEffect(() => {
    if (selected) localStorage.setItem(STORE, selected);
  }, [selected]);

  let body: ReactNode;
  if (info.isPending)
    body = (
      <div className="flex justify-center gap-8">
        <Skeleton className="h-[560px] w-[340px] rounded-[2.6rem]" />
        <Skeleton className="h-64 w-80 rounded-xl" />
      </div>
    );
  else if (info.isError)
    body = <ErrorState error={info.error} title="Couldn't load the sandbox" onRetry={() => void info.refetch()} />;
  else if (!info.data.enabled)
    body = (
      <EmptyState
        icon={<FlaskConical />}
        title="The sandbox is off on this server"
        description="It is on by default outside production. Start the server with SANDBOX=1 to try every channel with simulated customers."
      />
    );
  else if (!current)
    body = (
      <EmptyState
        icon={<Smartphone />}
        title="No sandbox channel yet"
        description={
          admin
            ? "Create one: it connects to a built-in simulated provider, no account needed."
            : "Ask an admin to create a sandbox channel (Settings → Channels → New channel → Use the sandbox)."
        }
        action={admin ? <CreateSandboxButtons onCreated={setSelected} /> : undefined}
      />
    );
  else if (current.credentialsUnreadable) body = <Unreadable channel={current} admin={admin} />;
  else body = <Workspace key={current.id} channel={current} />;

  return (
    <main className="scrollbar-thin min-w-0 flex-1 overflow-y-auto">
      <div className="mx-auto flex max-w-5xl flex-col gap-5 px-8 py-6">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h1 className="text-lg font-semibold tracking-tight">Try it</h1>
            <p className="mt-0.5 text-[13px] text-muted-foreground">
              Play the customer on WhatsApp, Telegram, Instagram or X and answer from the inbox.
            </p>
          </div>
          <Banner />
        </div>
        <SandboxTabs />
        {info.data?.enabled && channels.length ? (
          <div className="flex flex-wrap items-center justify-between gap-3">
            <ChannelPicker channels={channels} value={current?.id ?? null} onChange={setSelected} />
            {admin ? (
              <div className="flex items-center gap-2">
                <span className="text-xs text-muted-foreground">New sandbox:</span>
                <CreateSandboxButtons onCreated={setSelected} />
              </div>
            ) : null}
          </div>
        ) : null}
        {body}
      </div>
    </main>
  );
}
