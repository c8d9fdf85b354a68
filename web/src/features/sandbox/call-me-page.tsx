import type { CallDetail, FlowTurn, SandboxTurn } from "@switchboard/contracts";
import { useQuery } from "@tanstack/react-query";
import { PhoneCall, PhoneOff, SendHorizontal, UserPlus } from "lucide-react";
import { type FormEvent, useEffect, useLayoutEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Link, useSearch } from "wouter";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { outcomeLabel, outcomeVariant } from "@/features/calls/queries";
import { useContactList, useCreateContact } from "@/features/contacts/queries";
import { api, errorMessage } from "@/lib/api";
import { cn } from "@/lib/utils";
import { useSandboxHangUp, useSandboxSay, useStartSandboxCall } from "./call-me-queries";
import { HoldToTalk } from "./hold-to-talk";
import { Banner } from "./sandbox-page";
import { SandboxTabs } from "./sandbox-tabs";

type Picked = { id: string; name: string | null; phone: string | null };

/** Search a contact to be called, or make a sandbox one. */
function ContactChooser({ value, onChange }: { value: Picked | null; onChange: (c: Picked) => void }) {
  const [q, setQ] = useState("");
  const list = useContactList(q);
  const create = useCreateContact();
  const items = (list.data?.pages.flatMap((p) => p.items) ?? []).slice(0, 6);
  const newContact = () =>
    create.mutate(
      { name: `Sandbox callee ${Math.floor(100 + Math.random() * 900)}` },
      {
        onSuccess: (c) => onChange({ id: c.id, name: c.name, phone: c.phone ?? null }),
        onError: (err) => toast.error(`Couldn't create the contact: ${errorMessage(err)}`),
      },
    );
  return (
    <div className="space-y-2">
      <label htmlFor="callme-search" className="text-[13px] font-medium">
        Who are you playing?
      </label>
      <Input
        id="callme-search"
        data-testid="callme-search"
        placeholder="Search contacts"
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      <ul className="max-h-56 space-y-0.5 overflow-y-auto" aria-label="Contacts">
        {list.isPending ? (
          <li className="flex justify-center py-3">
            <Spinner />
          </li>
        ) : list.isError ? (
          <li role="alert" className="text-[13px] text-destructive">
            Couldn't load contacts: {errorMessage(list.error)}
          </li>
        ) : items.length === 0 ? (
          <li className="py-2 text-[13px] text-muted-foreground">No contacts match. Create a sandbox one below.</li>
        ) : (
          items.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                data-testid="callme-contact"
                aria-pressed={value?.id === c.id}
                onClick={() => onChange({ id: c.id, name: c.name, phone: c.phone ?? null })}
                className={cn(
                  "flex w-full items-center justify-between gap-2 rounded-md px-2 py-1.5 text-left text-[13px] hover:bg-muted",
                  value?.id === c.id && "bg-primary/10 font-medium",
                )}
              >
                <span className="truncate">{c.name ?? "Unnamed contact"}</span>
                <span className="shrink-0 text-xs text-muted-foreground tabular-nums">{c.phone ?? "no phone"}</span>
              </button>
            </li>
          ))
        )}
      </ul>
      <Button variant="outline" size="sm" onClick={newContact} disabled={create.isPending} data-testid="callme-new">
        <UserPlus /> New sandbox contact
      </Button>
    </div>
  );
}

/** The phone: the transcript (agent left, you right) and what you say. */
function CallPhone({
  who,
  turns,
  live,
  waiting,
  onSay,
}: {
  who: string;
  turns: FlowTurn[];
  live: boolean;
  waiting: boolean;
  onSay: (text: string) => void;
}) {
  const [text, setText] = useState("");
  const listRef = useRef<HTMLOListElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow new turns
  useLayoutEffect(() => {
    const el = listRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [turns.length, waiting]);
  const send = (e: FormEvent) => {
    e.preventDefault();
    const said = text.trim();
    if (!said || !live || waiting) return;
    setText("");
    onSay(said);
  };
  return (
    <div
      data-testid="callme-phone"
      className="flex h-[min(600px,calc(100vh-260px))] min-h-[420px] w-[340px] shrink-0 flex-col overflow-hidden rounded-[2.6rem] border-[10px] border-zinc-900 bg-zinc-900 shadow-2xl ring-1 ring-zinc-700/50 dark:ring-zinc-600"
    >
      <header className="flex flex-col items-center gap-0.5 bg-zinc-800 px-4 pt-5 pb-3 text-white">
        <span className="flex size-10 items-center justify-center rounded-full bg-emerald-500/90">
          <PhoneCall className="size-5" aria-hidden />
        </span>
        <p className="text-[14px] font-semibold">Switchboard agent</p>
        <p className="text-[11px] text-zinc-300" data-testid="callme-phone-state">
          {live ? `On a call with you (${who})` : turns.length ? "Call ended" : "Not connected"}
        </p>
      </header>
      <ol
        ref={listRef}
        aria-label="Call transcript"
        aria-live="polite"
        data-testid="callme-transcript"
        className="scrollbar-thin flex min-h-0 flex-1 flex-col gap-1.5 overflow-y-auto bg-zinc-100 px-3 py-3 dark:bg-zinc-950"
      >
        {turns.length === 0 && !waiting ? (
          <li className="m-auto max-w-[85%] rounded-lg bg-white/85 px-3 py-2 text-center text-[12.5px] text-zinc-700 shadow-sm dark:bg-zinc-800 dark:text-zinc-200">
            Pick a contact and start the call: the agent calls you and you answer by typing.
          </li>
        ) : null}
        {turns.map((t) => (
          <li
            key={t.seq}
            data-role={t.role}
            className={cn(
              "max-w-[85%] rounded-2xl px-3 py-1.5 text-[13px] shadow-sm",
              t.role === "agent"
                ? "self-start bg-white text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100"
                : "self-end bg-emerald-600 text-white",
            )}
          >
            {t.text}
          </li>
        ))}
        {waiting ? (
          <li
            className="self-start rounded-2xl bg-white px-3 py-1.5 dark:bg-zinc-800"
            aria-label="The agent is speaking"
          >
            <Spinner className="size-3.5" />
          </li>
        ) : null}
      </ol>
      <form onSubmit={send} className="flex items-center gap-2 bg-zinc-200 px-2 py-2 dark:bg-zinc-900">
        <label htmlFor="callme-input" className="sr-only">
          What you say to the agent
        </label>
        <input
          id="callme-input"
          data-testid="callme-input"
          autoComplete="off"
          value={text}
          disabled={!live}
          onChange={(e) => setText(e.target.value)}
          placeholder={live ? "Say something…" : "Start a call first"}
          className="min-w-0 flex-1 rounded-full bg-white px-3 py-1.5 text-[13px] text-zinc-900 outline-none focus-visible:ring-2 focus-visible:ring-emerald-500 disabled:opacity-60 dark:bg-zinc-800 dark:text-zinc-100"
        />
        <button
          type="submit"
          aria-label="Say it"
          disabled={!live || waiting || !text.trim()}
          className="flex size-8 items-center justify-center rounded-full bg-emerald-600 text-white disabled:opacity-50"
        >
          <SendHorizontal className="size-4" />
        </button>
      </form>
    </div>
  );
}

/** /sandbox/call: the agent calls you through the real flow runner; you play the callee by typing. */
export default function CallMePage() {
  const [contact, setContact] = useState<Picked | null>(null);
  const [session, setSession] = useState<SandboxTurn | null>(null);
  const callId = session?.call.id ?? null;
  const start = useStartSandboxCall();
  const say = useSandboxSay(callId);
  const hangUp = useSandboxHangUp(callId);
  // ?call=ID: answer a call a sandbox call campaign placed (its greeting is already said).
  const resumeId = new URLSearchParams(useSearch()).get("call");
  const resumed = useQuery({
    queryKey: ["sandbox", "resume", resumeId],
    queryFn: ({ signal }) => api<CallDetail>(`/api/calls/${resumeId}`, { signal }),
    enabled: !!resumeId,
    staleTime: Number.POSITIVE_INFINITY,
  });
  useEffect(() => {
    const d = resumed.data;
    if (!d || session) return;
    if (!d.call.sandbox) return void toast.error("That is a real phone call; only sandbox calls are answered here");
    setSession({ call: d.call, replies: [], turns: d.turns, ended: d.call.status !== "in_progress" });
  }, [resumed.data, session]);
  useEffect(() => {
    if (resumed.isError) toast.error(`Couldn't open the call: ${errorMessage(resumed.error)}`);
  }, [resumed.isError, resumed.error]);
  const live = !!session && !session.ended;
  const waiting = start.isPending || say.isPending;
  const [echo, setEcho] = useState<string | null>(null);
  const turns = session?.turns ?? [];
  const shown: FlowTurn[] =
    echo !== null
      ? [...turns, { seq: -1, role: "callee", text: echo, interrupted: false, filler: false, stepId: null, at: "" }]
      : turns;

  const begin = () => {
    if (!contact) return;
    start.mutate(contact.id, {
      onSuccess: setSession,
      onError: (err) => toast.error(`Couldn't start the call: ${errorMessage(err)}`),
    });
  };
  const onSay = (text: string) => {
    setEcho(text);
    say.mutate(text, {
      onSuccess: setSession,
      onError: (err) => toast.error(`The agent didn't hear that: ${errorMessage(err)}`),
      onSettled: () => setEcho(null),
    });
  };
  const end = () =>
    hangUp.mutate(undefined, {
      onSuccess: setSession,
      onError: (err) => toast.error(`Couldn't hang up: ${errorMessage(err)}`),
    });

  return (
    <main className="scrollbar-thin min-w-0 flex-1 overflow-y-auto">
      <div className="mx-auto flex max-w-5xl flex-col gap-5 px-8 py-6">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h1 className="text-lg font-semibold tracking-tight">Call me</h1>
            <p className="mt-0.5 text-[13px] text-muted-foreground">
              The agent calls you with a conversation flow; answer by typing, as the callee would speak.
            </p>
          </div>
          <Banner />
        </div>
        <SandboxTabs />
        <div className="flex flex-wrap items-start justify-center gap-8">
          <CallPhone
            who={session?.call.contact?.name ?? contact?.name ?? "the callee"}
            turns={shown}
            live={live}
            waiting={waiting}
            onSay={onSay}
          />
          <aside className="w-80 space-y-4 rounded-xl border p-4" aria-label="Sandbox call">
            {!live ? <ContactChooser value={contact} onChange={setContact} /> : null}
            {!live ? (
              <Button
                onClick={begin}
                disabled={!contact || start.isPending}
                className="w-full"
                data-testid="callme-start"
              >
                <PhoneCall /> {session ? "Call me again" : "Call me"}
                {contact ? ` as ${contact.name ?? "this contact"}` : ""}
              </Button>
            ) : (
              <div className="space-y-3">
                <p className="text-[13px]">
                  On a call as <span className="font-medium">{session.call.contact?.name ?? "the contact"}</span>. It is
                  on the{" "}
                  <Link href="/calls/live" className="underline underline-offset-2">
                    live dashboard
                  </Link>{" "}
                  now.
                </p>
                <HoldToTalk callId={callId} disabled={waiting} onTurn={setSession} />
                <Button
                  variant="destructive"
                  className="w-full"
                  onClick={end}
                  disabled={hangUp.isPending || waiting}
                  data-testid="callme-hang-up"
                >
                  <PhoneOff /> Hang up
                </Button>
              </div>
            )}
            {session?.ended ? (
              <div className="space-y-2 rounded-md border border-dashed p-3 text-[13px]" data-testid="callme-ended">
                <p className="flex items-center gap-2 font-medium">
                  Call ended
                  {session.call.outcome ? (
                    <Badge variant={outcomeVariant(session.call.outcome)} data-testid="callme-outcome">
                      {outcomeLabel[session.call.outcome]}
                    </Badge>
                  ) : (
                    <Badge variant="secondary">No outcome</Badge>
                  )}
                </p>
                <p className="text-muted-foreground">
                  {Object.keys(session.call.fields).length} fields collected. No recording (sandbox call).
                </p>
                <Button asChild variant="outline" size="sm">
                  <Link href={`/calls/${session.call.id}`} data-testid="callme-call-link">
                    Open the call page
                  </Link>
                </Button>
              </div>
            ) : null}
          </aside>
        </div>
      </div>
    </main>
  );
}
