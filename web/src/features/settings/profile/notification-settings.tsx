import type { NotificationPreferences } from "@switchboard/contracts";
import { AtSign, BellRing, Inbox, MessageSquareText, UserPlus, Volume2 } from "lucide-react";
import { type ReactNode, useState } from "react";
import { toast } from "sonner";
import { ErrorState } from "@/components/states";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { useNotificationPreferences, useUpdateNotificationPreferences } from "@/features/notifications/queries";
import { errorMessage } from "@/lib/api";
import { playChime } from "@/lib/sound";
import { PageBody, PageHeader } from "../page-header";

function permissionNow(): NotificationPermission | "unsupported" {
  return "Notification" in window ? Notification.permission : "unsupported";
}

function SettingRow({
  id,
  icon,
  label,
  hint,
  children,
}: {
  id: string;
  icon: ReactNode;
  label: string;
  hint: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="flex items-center justify-between gap-4 border-t pt-4 first:border-t-0 first:pt-0">
      <div className="flex items-start gap-3">
        <span className="mt-0.5 text-muted-foreground [&_svg]:size-4">{icon}</span>
        <div>
          <Label htmlFor={id}>{label}</Label>
          <p className="mt-1 text-xs text-muted-foreground">{hint}</p>
        </div>
      </div>
      <div className="flex shrink-0 items-center gap-3">{children}</div>
    </div>
  );
}

const EVENTS: { key: keyof NotificationPreferences["events"]; icon: ReactNode; label: string; hint: string }[] = [
  {
    key: "newConversation",
    icon: <Inbox />,
    label: "New conversation",
    hint: "A customer starts a conversation nobody is assigned to.",
  },
  {
    key: "newMessage",
    icon: <MessageSquareText />,
    label: "New message in mine",
    hint: "A customer writes in a conversation assigned to you.",
  },
  {
    key: "assigned",
    icon: <UserPlus />,
    label: "Assigned to me",
    hint: "A teammate assigns a conversation to you (also listed under Mentions → All).",
  },
  {
    key: "mention",
    icon: <AtSign />,
    label: "Mention",
    hint: "A teammate @mentions you in a private note (listed under Mentions).",
  },
];

/** Settings → Notifications: how the console alerts me, and about what. Stored on the server, per agent. */
export function NotificationsPage() {
  const prefs = useNotificationPreferences();
  const update = useUpdateNotificationPreferences();
  const [permission, setPermission] = useState(permissionNow);

  const save = (change: Parameters<typeof update.mutate>[0]) =>
    update.mutate(change, { onError: (err) => toast.error(errorMessage(err)) });

  const ask = async () => {
    try {
      const answer = await Notification.requestPermission();
      setPermission(answer);
      if (answer === "granted") save({ desktop: true });
    } catch {
      setPermission(permissionNow());
    }
  };

  return (
    <PageBody>
      <PageHeader
        title="Notifications"
        description="How Switchboard gets your attention, and for what. Saved to your account, on every device."
      />
      {prefs.isPending ? (
        <div className="flex flex-col gap-5" aria-busy="true">
          <Skeleton className="h-40 rounded-xl" />
          <Skeleton className="h-64 rounded-xl" />
        </div>
      ) : prefs.isError ? (
        <ErrorState error={prefs.error} title="Couldn't load your preferences" onRetry={() => void prefs.refetch()} />
      ) : (
        <div className="flex flex-col gap-5">
          <Card>
            <CardHeader>
              <CardTitle>Alerts</CardTitle>
              <CardDescription>For the events you choose below.</CardDescription>
            </CardHeader>
            <CardContent className="flex flex-col gap-4">
              <SettingRow id="pref-sound" icon={<Volume2 />} label="Sound" hint="A short chime.">
                <Button variant="ghost" size="sm" onClick={playChime}>
                  Test
                </Button>
                <Switch id="pref-sound" checked={prefs.data.sound} onCheckedChange={(sound) => save({ sound })} />
              </SettingRow>
              <SettingRow
                id="pref-desktop"
                icon={<BellRing />}
                label="Desktop notifications"
                hint={
                  permission === "unsupported"
                    ? "This browser doesn't support desktop notifications."
                    : permission === "denied"
                      ? "Blocked in this browser. Allow notifications for this site in the browser's settings."
                      : permission === "default"
                        ? "This browser needs your permission first."
                        : "Shown when Switchboard is in the background."
                }
              >
                {permission === "default" ? (
                  <Button
                    variant="outline"
                    size="sm"
                    onClick={() => void ask()}
                    data-testid="enable-desktop-notifications"
                  >
                    Allow in this browser
                  </Button>
                ) : null}
                <Switch
                  id="pref-desktop"
                  checked={prefs.data.desktop && permission === "granted"}
                  disabled={permission !== "granted"}
                  onCheckedChange={(desktop) => save({ desktop })}
                />
              </SettingRow>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Notify me about</CardTitle>
              <CardDescription>
                Turning a mention or an assignment off also stops it from being listed under Mentions.
              </CardDescription>
            </CardHeader>
            <CardContent className="flex flex-col gap-4">
              {EVENTS.map((e) => (
                <SettingRow key={e.key} id={`pref-${e.key}`} icon={e.icon} label={e.label} hint={e.hint}>
                  <Switch
                    id={`pref-${e.key}`}
                    data-testid={`pref-${e.key}`}
                    checked={prefs.data.events[e.key]}
                    onCheckedChange={(on) => save({ events: { [e.key]: on } })}
                  />
                </SettingRow>
              ))}
            </CardContent>
          </Card>
        </div>
      )}
    </PageBody>
  );
}
