import { cn } from "@/lib/utils";

export function Logo({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden className={cn("size-8", className)}>
      <rect width="32" height="32" rx="8" className="fill-primary" />
      <path d="M9 11.5h14M9 16h10M9 20.5h6" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" />
    </svg>
  );
}
