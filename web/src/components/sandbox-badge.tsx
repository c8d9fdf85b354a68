import { FlaskConical } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/utils";

/** Marks a channel (or its conversations) as connected to the built-in fake provider. */
export function SandboxBadge({ className }: { className?: string }) {
  return (
    <Badge
      variant="warning"
      data-testid="sandbox-badge"
      title="Sandbox: simulated customers, nothing leaves this server"
      className={cn("gap-0.5", className)}
    >
      <FlaskConical aria-hidden /> Sandbox
    </Badge>
  );
}
