import { Check, CheckCheck, CircleAlert, Clock } from "lucide-react";
import { clockTime } from "@/lib/time";
import type { PhoneMessage } from "@/lib/types";
import { cn } from "@/lib/utils";
import type { PhoneTheme } from "./phone-theme";

const tickLabel = { sent: "Sent", delivered: "Delivered", read: "Read", failed: "Not delivered" } as const;

function Ticks({ status, theme, mine }: { status: PhoneMessage["status"]; theme: PhoneTheme; mine?: boolean }) {
  const label = tickLabel[status];
  if (status === "failed")
    return (
      <span role="img" aria-label={label} title={label} className="inline-flex text-red-600">
        <CircleAlert className="size-3.5" />
      </span>
    );
  const Icon = status === "sent" ? Check : CheckCheck;
  const onColour = mine && theme.mine.includes("text-white");
  return (
    <span
      role="img"
      aria-label={label}
      title={label}
      data-testid="phone-ticks"
      data-status={status}
      className={cn(
        "inline-flex items-center gap-0.5",
        // On a coloured bubble with white text (Instagram, X) a coloured tick would vanish: read is full white.
        onColour
          ? status === "read"
            ? "text-white"
            : "text-white/60"
          : status === "read"
            ? theme.readTick
            : theme.meta,
      )}
    >
      <Icon className="size-3.5" />
      {onColour && status === "read" ? <span className="text-[10px]">Seen</span> : null}
    </span>
  );
}

/**
 * One bubble on the simulated phone, which is the customer's view: their own messages on the right
 * with ticks (how far the business has got: received, read), the business's on the left without.
 */
export function PhoneBubble({
  message: m,
  theme,
  pending,
}: {
  message: Pick<PhoneMessage, "id" | "from" | "text" | "status" | "at">;
  theme: PhoneTheme;
  pending?: boolean;
}) {
  const mine = m.from === "customer";
  return (
    <li
      data-testid={pending ? "phone-pending" : "phone-message"}
      data-from={m.from}
      data-status={pending ? "sending" : m.status}
      className={cn("flex", mine ? "justify-end" : "justify-start", pending && "opacity-60")}
    >
      <div
        className={cn(
          "max-w-[80%] rounded-2xl px-3 py-1.5 text-[13.5px] leading-snug shadow-[0_1px_0.5px_rgba(0,0,0,0.13)]",
          mine ? cn(theme.mine, "rounded-br-md") : cn(theme.theirs, "rounded-bl-md"),
        )}
      >
        <p className="break-words whitespace-pre-wrap">{m.text}</p>
        <p
          className={cn(
            "mt-0.5 flex items-center justify-end gap-1 text-[10.5px]",
            mine && theme.mine.includes("text-white") ? "text-white/75" : theme.meta,
          )}
        >
          <time dateTime={m.at}>{clockTime(m.at)}</time>
          {pending ? <Clock className="size-3" aria-label="Sending" /> : null}
          {mine && !pending ? <Ticks status={m.status} theme={theme} mine /> : null}
        </p>
      </div>
    </li>
  );
}
