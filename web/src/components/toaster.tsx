import { Toaster, toast } from "sonner";
import { useTheme } from "@/lib/theme";

/** How long a toast stays, by kind: a confirmation needs a glance, a failure needs reading. */
export const TOAST_MS = { success: 2000, other: 6000 } as const;

// A success ("Conversation resolved") only confirms what the agent just saw happen; it must not
// linger over the work. Sonner has one duration per Toaster, so the shorter one is the default of
// `toast.success` itself (an explicit `duration` still wins).
const success = toast.success;
toast.success = (message, data) => success(message, { duration: TOAST_MS.success, ...data });

/**
 * Toasts sit at the top right, below the 56 px page and thread headers: the bottom right is where
 * the composer's Send / Add note button is, and a toast after Resolve, Snooze or a failed send
 * covered it for seconds.
 */
export function ThemedToaster() {
  const { resolved } = useTheme();
  return (
    <Toaster
      theme={resolved}
      position="top-right"
      offset={{ top: 64, right: 16 }}
      duration={TOAST_MS.other}
      closeButton
      toastOptions={{ className: "text-[13px]" }}
    />
  );
}
