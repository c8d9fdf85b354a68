import type { CopilotBody } from "@switchboard/contracts";
import { BookOpen, FileText, Languages, Minimize2, RotateCw, Smile, Sparkles, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Kbd } from "@/components/ui/kbd";
import { Spinner } from "@/components/ui/spinner";
import type { CopilotState } from "./use-copilot";

/** Ctrl/⌘+J in the composer: suggest a reply. */
export const isCopilotKey = (e: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}) => (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === "j";

/** The composer's copilot menu: suggest, summarise, rephrase the draft. */
export function CopilotMenu({ draft, onRun }: { draft: string; onRun: (body: CopilotBody) => void }) {
  const hasDraft = draft.trim().length > 0;
  const rephrase = (style: NonNullable<CopilotBody["style"]>) =>
    onRun({ action: "rephrase", text: draft.trim(), style });
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon-sm" aria-label="AI copilot" data-testid="copilot-menu">
          <Sparkles />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-64">
        <DropdownMenuLabel>AI copilot · drafts, never sends</DropdownMenuLabel>
        <DropdownMenuItem onSelect={() => onRun({ action: "suggest" })}>
          <Sparkles /> Suggest a reply
          <span className="ml-auto flex gap-0.5">
            <Kbd>Ctrl/⌘</Kbd>
            <Kbd>J</Kbd>
          </span>
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={() => onRun({ action: "summarise" })}>
          <FileText /> Summarise the conversation
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuLabel className="font-normal text-muted-foreground">
          {hasDraft ? "Rephrase your draft" : "Write a draft to rephrase it"}
        </DropdownMenuLabel>
        <DropdownMenuItem disabled={!hasDraft} onSelect={() => rephrase("friendlier")}>
          <Smile /> Friendlier
        </DropdownMenuItem>
        <DropdownMenuItem disabled={!hasDraft} onSelect={() => rephrase("shorter")}>
          <Minimize2 /> Shorter
        </DropdownMenuItem>
        <DropdownMenuItem disabled={!hasDraft} onSelect={() => rephrase("translate")}>
          <Languages /> Translate to the customer's language
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

const TITLES: Record<string, string> = {
  suggest: "Suggested reply",
  summarise: "Summary",
  rephrase: "Rephrased draft",
};

/**
 * What the copilot wrote, above the composer. "Use" puts it into the composer for editing; nothing
 * is ever sent from here. A summary goes into a private note.
 */
export function CopilotPanel({
  state,
  onUse,
  onRetry,
  onClose,
}: {
  state: CopilotState;
  onUse: (text: string, mode: "reply" | "note") => void;
  onRetry: () => void;
  onClose: () => void;
}) {
  if (state.status === "idle") return null;
  const streaming = state.status === "streaming";
  const mode = state.action === "summarise" ? "note" : "reply";
  const useLabel = mode === "note" ? "Add as note" : "Use in reply";
  return (
    <section
      aria-label="AI copilot"
      aria-busy={streaming}
      data-testid="copilot-panel"
      className="mx-2 mt-2 rounded-lg border bg-muted/40 text-[13px]"
    >
      <header className="flex items-center gap-2 border-b px-3 py-1.5">
        <Sparkles className="size-3.5 text-primary" />
        <span className="font-medium">{TITLES[state.action ?? "suggest"]}</span>
        {state.provider === "matcher" ? (
          <span className="text-[11.5px] text-muted-foreground">
            {state.action === "summarise"
              ? "· extractive: sentences quoted from the thread"
              : "· from your knowledge base (answer matcher)"}
          </span>
        ) : null}
        {streaming ? <Spinner className="size-3.5" /> : null}
        <span className="flex-1" />
        {!streaming ? (
          <Button variant="ghost" size="icon-xs" aria-label="Try again" onClick={onRetry}>
            <RotateCw />
          </Button>
        ) : null}
        <Button variant="ghost" size="icon-xs" aria-label="Close the copilot" onClick={onClose}>
          <X />
        </Button>
      </header>
      <div className="scrollbar-thin grid max-h-56 gap-2 overflow-y-auto px-3 py-2">
        {state.text ? (
          <p data-testid="copilot-text" className="whitespace-pre-wrap" aria-live="polite">
            {state.text}
            {streaming ? (
              <span className="ml-0.5 inline-block h-3.5 w-1.5 animate-pulse bg-foreground/60 align-middle" />
            ) : null}
          </p>
        ) : streaming && !state.drafts.length ? (
          <p className="text-muted-foreground">Writing…</p>
        ) : null}
        {state.drafts.map((d) => (
          <div
            key={`${d.title}-${d.text.slice(0, 80)}`}
            className="grid gap-1 rounded-md border bg-background px-2.5 py-2"
          >
            {d.title ? <p className="text-[11.5px] font-medium text-muted-foreground">{d.title}</p> : null}
            <p className="whitespace-pre-wrap">{d.text}</p>
            <div>
              <Button size="sm" variant="outline" onClick={() => onUse(d.text, mode)}>
                {useLabel}
              </Button>
            </div>
          </div>
        ))}
        {state.error ? (
          <p role="alert" className="rounded-md bg-amber-500/10 px-2 py-1 text-amber-800 dark:text-amber-300">
            {state.error}
          </p>
        ) : null}
        {state.sources.length && state.action === "suggest" ? (
          <p className="flex flex-wrap items-center gap-1 text-[11.5px] text-muted-foreground">
            <BookOpen className="size-3" /> Based on: {state.sources.map((s) => s.title).join(", ")}
          </p>
        ) : null}
      </div>
      {state.text && !state.error ? (
        <footer className="flex justify-end gap-2 border-t px-3 py-1.5">
          <Button size="sm" disabled={streaming} onClick={() => onUse(state.text, mode)} data-testid="copilot-use">
            {useLabel}
          </Button>
        </footer>
      ) : null}
    </section>
  );
}
