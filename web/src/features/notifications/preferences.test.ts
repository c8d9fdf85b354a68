import { describe, expect, it } from "vitest";
import { alertFor, defaultPreferences } from "./preferences";

const away = { viewing: false, focused: false, permission: "granted" as const };

describe("the notifier's preference logic", () => {
  it("alerts with sound, desktop and the badge by default when the agent is elsewhere", () => {
    expect(alertFor("newMessage", defaultPreferences, away)).toEqual({ badge: true, sound: true, desktop: true });
    // Mentions and assignments have their own list (the Mentions badge), not the inbox's tab badge.
    expect(alertFor("mention", defaultPreferences, away)).toEqual({ badge: false, sound: true, desktop: true });
  });

  it("does nothing at all for an event kind that is switched off", () => {
    const prefs = { ...defaultPreferences, events: { ...defaultPreferences.events, newConversation: false } };
    expect(alertFor("newConversation", prefs, away)).toEqual({ badge: false, sound: false, desktop: false });
    expect(alertFor("newMessage", prefs, away).sound).toBe(true);
  });

  it("sound and desktop are separate switches", () => {
    expect(alertFor("assigned", { ...defaultPreferences, sound: false }, away)).toMatchObject({
      sound: false,
      desktop: true,
    });
    expect(alertFor("assigned", { ...defaultPreferences, desktop: false }, away)).toMatchObject({
      sound: true,
      desktop: false,
    });
  });

  it("no desktop notification without the browser's permission or while the tab has focus", () => {
    expect(alertFor("mention", defaultPreferences, { ...away, permission: "default" }).desktop).toBe(false);
    expect(alertFor("mention", defaultPreferences, { ...away, permission: "unsupported" }).desktop).toBe(false);
    expect(alertFor("mention", defaultPreferences, { ...away, focused: true })).toEqual({
      badge: false,
      sound: true,
      desktop: false,
    });
  });

  it("nothing while the agent is looking at that conversation", () => {
    expect(alertFor("newMessage", defaultPreferences, { ...away, viewing: true, focused: true })).toEqual({
      badge: false,
      sound: false,
      desktop: false,
    });
  });
});
