import { useQueryClient } from "@tanstack/react-query";
import { Keyboard, LogOut, UserRound } from "lucide-react";
import { useLocation } from "wouter";
import { Avatar } from "@/components/ui/avatar";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuShortcut,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { useMe } from "@/features/auth/queries";
import { resetUnread } from "@/features/notifications/unread-store";
import { api } from "@/lib/api";

export function UserMenu({ onShowShortcuts }: { onShowShortcuts: () => void }) {
  const me = useMe();
  const qc = useQueryClient();
  const [, navigate] = useLocation();

  const logout = async () => {
    try {
      await api("/api/auth/logout", { method: "POST", redirectOn401: false });
    } catch {
      // the session is gone either way
    }
    resetUnread();
    qc.clear();
    qc.setQueryData(["me"], null);
    navigate("/login", { replace: true });
  };

  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        aria-label="Account menu"
        data-testid="user-menu"
        className="relative rounded-full outline-none focus-visible:ring-2 focus-visible:ring-ring/60 focus-visible:ring-offset-2 focus-visible:ring-offset-sidebar"
      >
        <Avatar name={me.name} src={me.avatarUrl} seed={me.id} size="md" />
      </DropdownMenuTrigger>
      <DropdownMenuContent side="right" align="end" className="w-56">
        <div className="px-2 py-1.5">
          <p className="truncate text-[13px] font-medium">{me.name}</p>
          <p className="truncate text-xs text-muted-foreground">{me.email}</p>
        </div>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => navigate("/settings/profile")}>
          <UserRound /> Profile & notifications
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={onShowShortcuts}>
          <Keyboard /> Keyboard shortcuts <DropdownMenuShortcut>?</DropdownMenuShortcut>
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => void logout()} data-testid="logout">
          <LogOut /> Log out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
