import { ChevronRight, Code, ExternalLink, MapPin, MousePointerClick, UserRound } from "lucide-react";
import { useState } from "react";
import { cn } from "@/lib/utils";

type Meta = Record<string, unknown>;
const obj = (v: unknown): Meta => (v && typeof v === "object" && !Array.isArray(v) ? (v as Meta) : {});
const str = (v: unknown): string | null => (typeof v === "string" && v ? v : typeof v === "number" ? String(v) : null);

const card = "w-72 max-w-full overflow-hidden rounded-xl border bg-card text-[13px] shadow-xs";

export function LocationCard({ meta }: { meta: Meta }) {
  const l = obj(meta.location);
  const lat = Number(l.latitude);
  const lng = Number(l.longitude);
  const ok = Number.isFinite(lat) && Number.isFinite(lng);
  const name = str(l.name);
  const address = str(l.address);
  return (
    <div data-testid="location-card" className={card}>
      <div className="flex h-16 items-center justify-center bg-[repeating-linear-gradient(45deg,var(--color-secondary)_0_8px,var(--color-muted)_8px_16px)]">
        <span className="flex size-8 items-center justify-center rounded-full bg-red-500 text-white shadow-md">
          <MapPin className="size-4" />
        </span>
      </div>
      <div className="flex flex-col gap-0.5 px-3 py-2">
        <p className="font-medium">{name ?? "Shared location"}</p>
        {address ? <p className="text-xs text-muted-foreground">{address}</p> : null}
        {ok ? (
          <a
            href={`https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=16/${lat}/${lng}`}
            target="_blank"
            rel="noreferrer noopener"
            className="mt-0.5 inline-flex items-center gap-1 font-mono text-[11.5px] text-primary hover:underline"
          >
            {lat.toFixed(5)}, {lng.toFixed(5)} <ExternalLink className="size-3" />
          </a>
        ) : null}
      </div>
    </div>
  );
}

export function ContactsCard({ meta, fallback }: { meta: Meta; fallback: string }) {
  const list = Array.isArray(meta.contacts) ? (meta.contacts as unknown[]).map(obj) : [];
  if (list.length === 0) return <p className="text-[13px] whitespace-pre-wrap">{fallback}</p>;
  return (
    <ul data-testid="contacts-card" className={cn(card, "divide-y")}>
      {list.map((c, i) => {
        const name = str(obj(c.name).formatted_name) ?? str(c.name) ?? "Contact";
        const phones = (Array.isArray(c.phones) ? c.phones : []).map((p) => str(obj(p).phone)).filter(Boolean);
        const emails = (Array.isArray(c.emails) ? c.emails : []).map((p) => str(obj(p).email)).filter(Boolean);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: contact cards have no id
          <li key={i} className="flex items-start gap-2.5 px-3 py-2">
            <span className="flex size-7 shrink-0 items-center justify-center rounded-full bg-secondary">
              <UserRound className="size-3.5 text-muted-foreground" />
            </span>
            <span className="min-w-0">
              <span className="block font-medium">{name}</span>
              {[...phones, ...emails].map((v) => (
                <span key={v} className="block truncate font-mono text-[11.5px] text-muted-foreground">
                  {v}
                </span>
              ))}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

/** "Button reply", "List reply" or "Quick reply" above the text the customer tapped. */
export function ReplyChoiceLabel({ kind, meta }: { kind: string; meta: Meta }) {
  const i = obj(meta.interactive);
  const label =
    kind === "button"
      ? "Tapped a quick-reply button"
      : i.type === "list_reply"
        ? "Chose from a list"
        : "Tapped a reply button";
  return (
    <span className="inline-flex items-center gap-1 text-[11px] text-muted-foreground">
      <MousePointerClick className="size-3" /> {label}
    </span>
  );
}

export function ReactionChip({ meta, fallback }: { meta: Meta; fallback: string }) {
  const emoji = str(obj(meta.reaction).emoji);
  return (
    <p data-testid="reaction" className="inline-flex items-center gap-1.5 text-[12.5px] text-muted-foreground">
      {emoji ? <span className="text-lg leading-none">{emoji}</span> : null}
      {emoji ? "reacted to a message" : fallback || "Removed a reaction"}
    </p>
  );
}

export function storyLink(meta: Meta): string | null {
  const s = obj(meta.story);
  return str(s.url) ?? str(s.link) ?? str(meta.storyUrl) ?? str(meta.story_url);
}

export function StoryReplyLabel({ meta, mention }: { meta: Meta; mention?: boolean }) {
  const url = storyLink(meta);
  return (
    <span data-testid="story-label" className="inline-flex items-center gap-1 text-[11px] text-muted-foreground">
      {mention ? "Mentioned you in their story" : "Replied to your story"}
      {url ? (
        <a
          href={url}
          target="_blank"
          rel="noreferrer noopener"
          className="inline-flex items-center gap-0.5 text-primary"
        >
          (view story <ExternalLink className="size-3" />)
        </a>
      ) : null}
    </span>
  );
}

export function UnsupportedCard({ meta }: { meta: Meta }) {
  const [open, setOpen] = useState(false);
  const raw = meta.raw ?? meta;
  return (
    <div data-testid="unsupported-card" className={cn(card, "bg-secondary/50")}>
      <p className="px-3 py-2 text-muted-foreground">Unsupported message type (kept as received)</p>
      <button
        type="button"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className="flex w-full items-center gap-1 border-t px-3 py-1.5 text-left text-xs font-medium outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring/50"
      >
        <ChevronRight className={cn("size-3.5 transition-transform", open && "rotate-90")} />
        <Code className="size-3.5" /> {open ? "Hide raw" : "Show raw"}
      </button>
      {open ? (
        <pre className="scrollbar-thin max-h-64 overflow-auto border-t bg-background px-3 py-2 font-mono text-[11px] leading-relaxed">
          {JSON.stringify(raw, null, 2)}
        </pre>
      ) : null}
    </div>
  );
}
