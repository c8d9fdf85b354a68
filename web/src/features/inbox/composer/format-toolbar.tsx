import { Bold, Code, Italic, Link2, List, ListOrdered, Smile, Strikethrough } from "lucide-react";
import { lazy, type ReactNode, Suspense, useState } from "react";
import { Button } from "@/components/ui/button";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { Spinner } from "@/components/ui/spinner";
import { Tooltip } from "@/components/ui/tooltip";
import type { Format } from "./format";

// The picker and its emoji table load on first open: the console's initial bundle stays small.
const EmojiPicker = lazy(() => import("./emoji-picker"));

const mod = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform) ? "⌘" : "Ctrl+";

const BUTTONS: { format: Format; label: string; keys?: string; icon: ReactNode }[] = [
  { format: "bold", label: "Bold", keys: `${mod}B`, icon: <Bold /> },
  { format: "italic", label: "Italic", keys: `${mod}I`, icon: <Italic /> },
  { format: "strike", label: "Strikethrough", keys: `${mod}Shift+X`, icon: <Strikethrough /> },
  { format: "code", label: "Code", icon: <Code /> },
  { format: "link", label: "Link", keys: `${mod}K`, icon: <Link2 /> },
  { format: "bullets", label: "Bulleted list", icon: <List /> },
  { format: "numbers", label: "Numbered list", icon: <ListOrdered /> },
];

export function FormatToolbar({
  onFormat,
  onEmoji,
  plainOnly,
}: {
  onFormat: (f: Format) => void;
  onEmoji: (emoji: string) => void;
  /** The channel shows no formatting: say that markers will be removed. */
  plainOnly?: string | null;
}) {
  const [emojiOpen, setEmojiOpen] = useState(false);
  return (
    <div role="toolbar" aria-label="Formatting" data-testid="format-toolbar" className="flex items-center gap-0.5">
      {BUTTONS.map((b) => (
        <Tooltip
          key={b.format}
          content={`${b.label}${b.keys ? ` (${b.keys})` : ""}${plainOnly ? ` — ${plainOnly} shows plain text` : ""}`}
        >
          <Button
            variant="ghost"
            size="icon-sm"
            aria-label={b.label}
            data-format={b.format}
            // Keep the textarea's selection: the button must not take focus.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onFormat(b.format)}
            className="text-muted-foreground"
          >
            {b.icon}
          </Button>
        </Tooltip>
      ))}
      <Popover open={emojiOpen} onOpenChange={setEmojiOpen}>
        <Tooltip content="Emoji">
          <PopoverTrigger asChild>
            <Button
              variant="ghost"
              size="icon-sm"
              aria-label="Emoji"
              data-testid="emoji-button"
              className="text-muted-foreground"
            >
              <Smile />
            </Button>
          </PopoverTrigger>
        </Tooltip>
        <PopoverContent side="top" align="start" className="w-[320px] p-0" onCloseAutoFocus={(e) => e.preventDefault()}>
          <Suspense
            fallback={
              <div className="flex h-64 items-center justify-center">
                <Spinner className="size-4" />
              </div>
            }
          >
            <EmojiPicker
              onPick={(emoji) => {
                onEmoji(emoji);
                setEmojiOpen(false);
              }}
            />
          </Suspense>
        </PopoverContent>
      </Popover>
    </div>
  );
}
