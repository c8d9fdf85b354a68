import { useMemo, useState } from "react";
import { Input } from "@/components/ui/input";
import { EMOJI_CATEGORIES } from "./emoji-data";

/** Loaded lazily by the toolbar (default export for React.lazy). */
export default function EmojiPicker({ onPick }: { onPick: (emoji: string) => void }) {
  const [q, setQ] = useState("");
  const groups = useMemo(() => {
    const words = q.trim().toLowerCase();
    return EMOJI_CATEGORIES.map((c) => ({
      name: c.name,
      items: c.items
        .map((entry) => {
          const [emoji = "", ...names] = entry.split(" ");
          return { emoji, name: names.join(" ") };
        })
        .filter((e) => !words || e.name.includes(words)),
    })).filter((c) => c.items.length);
  }, [q]);
  return (
    <div data-testid="emoji-picker" className="flex flex-col">
      <div className="border-b p-2">
        <Input
          autoFocus
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder="Search emoji"
          aria-label="Search emoji"
          className="h-8 text-[13px]"
          onKeyDown={(e) => {
            const first = groups[0]?.items[0];
            if (e.key === "Enter" && first) {
              e.preventDefault();
              onPick(first.emoji);
            }
          }}
        />
      </div>
      <div className="scrollbar-thin h-64 overflow-y-auto p-2">
        {groups.length ? (
          groups.map((g) => (
            <section key={g.name} className="mb-2">
              <h3 className="px-1 pb-1 text-[11px] font-medium text-muted-foreground">{g.name}</h3>
              <div className="grid grid-cols-8 gap-0.5">
                {g.items.map((e) => (
                  <button
                    key={e.emoji}
                    type="button"
                    title={e.name}
                    aria-label={e.name.split(" ")[0]}
                    onClick={() => onPick(e.emoji)}
                    className="flex size-8 items-center justify-center rounded-md font-[Apple_Color_Emoji,Segoe_UI_Emoji,Noto_Color_Emoji,sans-serif] text-[19px] outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring/50"
                  >
                    {e.emoji}
                  </button>
                ))}
              </div>
            </section>
          ))
        ) : (
          <p className="py-8 text-center text-[12.5px] text-muted-foreground">No emoji match “{q}”</p>
        )}
      </div>
    </div>
  );
}
