import { useTypists } from "@/features/realtime/typing-store";

function sentence(names: string[]): string {
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return "Several people are typing…";
}

/** Fixed-height row so appearing/disappearing never shifts the thread. */
export function TypingIndicator({ conversationId, contactName }: { conversationId: string; contactName: string }) {
  const typists = useTypists(conversationId);
  const names = typists.map((t) => (t.type === "customer" ? (t.name ?? contactName) : (t.name ?? "A teammate")));
  return (
    <div className="flex h-6 items-center px-5" aria-live="polite">
      {names.length ? (
        <div data-testid="typing-indicator" className="flex items-center gap-2 text-[12px] text-muted-foreground">
          <span className="flex gap-0.5" aria-hidden>
            {[0, 1, 2].map((i) => (
              <span
                key={i}
                className="typing-dot size-1 rounded-full bg-muted-foreground"
                style={{ animationDelay: `${i * 150}ms` }}
              />
            ))}
          </span>
          {sentence(names)}
        </div>
      ) : null}
    </div>
  );
}
