import { BellRing, Volume2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { setPrefs, usePrefs } from "@/lib/prefs";
import { playChime } from "@/lib/sound";

function permissionNow(): NotificationPermission | "unsupported" {
  return "Notification" in window ? Notification.permission : "unsupported";
}

export function NotificationSettings() {
  const prefs = usePrefs();
  const [permission, setPermission] = useState(permissionNow);

  const ask = async () => {
    try {
      setPermission(await Notification.requestPermission());
    } catch {
      setPermission(permissionNow());
    }
  };

  return (
    <Card id="notifications">
      <CardHeader>
        <CardTitle>Notifications</CardTitle>
        <CardDescription>
          For new messages in conversations assigned to you, and new unassigned conversations.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <div className="flex items-center justify-between gap-4">
          <div className="flex items-start gap-3">
            <Volume2 className="mt-0.5 size-4 text-muted-foreground" />
            <div>
              <Label htmlFor="pref-sound">Sound</Label>
              <p className="mt-1 text-xs text-muted-foreground">A short chime. Saved in this browser.</p>
            </div>
          </div>
          <div className="flex items-center gap-3">
            <Button variant="ghost" size="sm" onClick={playChime}>
              Test
            </Button>
            <Switch id="pref-sound" checked={prefs.sound} onCheckedChange={(sound) => setPrefs({ sound })} />
          </div>
        </div>
        <div className="flex items-center justify-between gap-4 border-t pt-4">
          <div className="flex items-start gap-3">
            <BellRing className="mt-0.5 size-4 text-muted-foreground" />
            <div>
              <Label htmlFor="pref-desktop">Desktop notifications</Label>
              <p className="mt-1 text-xs text-muted-foreground">
                {permission === "unsupported"
                  ? "This browser doesn't support desktop notifications."
                  : permission === "denied"
                    ? "Blocked in your browser. Allow notifications for this site in the browser settings."
                    : permission === "default"
                      ? "Your browser will ask for permission."
                      : "Shown when Switchboard is in the background."}
              </p>
            </div>
          </div>
          {permission === "default" ? (
            <Button variant="outline" size="sm" onClick={() => void ask()} data-testid="enable-desktop-notifications">
              Enable
            </Button>
          ) : permission === "granted" ? (
            <Switch id="pref-desktop" checked={prefs.desktop} onCheckedChange={(desktop) => setPrefs({ desktop })} />
          ) : null}
        </div>
      </CardContent>
    </Card>
  );
}
