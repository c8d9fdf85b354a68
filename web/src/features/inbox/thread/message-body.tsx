import { FileText, ImageDown, Lock, Trash2 } from "lucide-react";
import { Spinner } from "@/components/ui/spinner";
import type { Message } from "@/lib/types";
import { cn } from "@/lib/utils";
import {
  ContactsCard,
  LocationCard,
  ReactionChip,
  ReplyChoiceLabel,
  StoryReplyLabel,
  UnsupportedCard,
} from "./message-kinds";
import { Markdown } from "./markdown";
import { mentionsOf } from "./mentions";
import { RichText } from "./rich-text";

function TemplateLabel({ meta }: { meta: Record<string, unknown> }) {
  const t = (meta.template ?? {}) as { name?: string; language?: string };
  return (
    <span data-testid="template-label" className="inline-flex items-center gap-1 text-[11px] text-muted-foreground">
      <FileText className="size-3" /> Template{t.name ? <span className="font-mono">· {t.name}</span> : null}
    </span>
  );
}

function PendingMedia({ count }: { count: number }) {
  return (
    <div
      data-testid="pending-media"
      aria-busy="true"
      className="flex h-20 w-56 items-center justify-center gap-2 rounded-lg border border-dashed bg-muted text-[12px] text-muted-foreground"
    >
      <ImageDown className="size-4" />
      Downloading {count > 1 ? `${count} files` : "media"}…
      <Spinner className="size-3.5" />
    </div>
  );
}

/** What a message says, by kind: text bubbles, cards for locations/contacts/unsupported, labels for templates and replies. */
export function MessageBody({
  message: m,
  bubbleClass,
  outgoing,
  groupStart,
  linkClass,
}: {
  message: Message;
  bubbleClass: string;
  outgoing: boolean;
  groupStart: boolean;
  linkClass: string;
}) {
  const meta = m.metadata ?? {};
  const deleted = meta.deleted === true;
  const pending = typeof meta.pendingMedia === "number" && meta.pendingMedia > 0 ? meta.pendingMedia : 0;
  const kind = m.kind;

  if (!deleted) {
    if (kind === "location") return <LocationCard meta={meta} />;
    if (kind === "contacts") return <ContactsCard meta={meta} fallback={m.content} />;
    if (kind === "reaction") return <ReactionChip meta={meta} fallback={m.content} />;
    if (kind === "unsupported") return <UnsupportedCard meta={meta} />;
  }

  const label =
    kind === "template" ? (
      <TemplateLabel meta={meta} />
    ) : kind === "interactive" || kind === "button" ? (
      <ReplyChoiceLabel kind={kind} meta={meta} />
    ) : kind === "story_reply" || kind === "story_mention" ? (
      <StoryReplyLabel meta={meta} mention={kind === "story_mention"} />
    ) : null;

  return (
    <>
      {label}
      {pending ? <PendingMedia count={pending} /> : null}
      {m.content || deleted ? (
        <div
          data-deleted={deleted || undefined}
          className={cn(
            "rounded-2xl px-3 py-2 text-[13.5px] leading-relaxed break-words whitespace-pre-wrap",
            deleted ? "border border-dashed bg-transparent text-muted-foreground" : bubbleClass,
            outgoing ? "rounded-tr-md" : "rounded-tl-md",
          )}
        >
          {deleted ? (
            <span className="mb-0.5 flex items-center gap-1 text-[11.5px] font-medium not-italic">
              <Trash2 className="size-3" /> Deleted by the customer
            </span>
          ) : null}
          {m.private && !groupStart ? (
            <Lock aria-label="Private note" className="mr-1 mb-0.5 inline size-3 text-amber-600" />
          ) : null}
          <span className={cn(deleted && "line-through decoration-muted-foreground/60")}>
            {/* Agents and the AI write Markdown; what customers write is only ever plain text with links. */}
            {m.senderType === "customer" || deleted ? (
              <RichText text={m.content} linkClass={linkClass} />
            ) : (
              <Markdown text={m.content} linkClass={linkClass} mentions={mentionsOf(m)} />
            )}
          </span>
        </div>
      ) : null}
    </>
  );
}
