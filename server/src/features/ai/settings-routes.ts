import { aiSettingsView, updateAiSettingsBody } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { defineRoute } from "../../platform/http/route";
import { requestActor } from "../audit";
import { loadAiSettings, toSettingsView } from "./settings";
import { updateAiSettings } from "./update-settings";

/** The AI agent's settings: admins only (they hold a provider key and decide who answers customers). */
export function aiSettingsRoutes(ctx: AppContext) {
  const tags = ["ai"];
  return [
    defineRoute({
      method: "get",
      path: "/api/ai/settings",
      guard: "admin",
      summary: "The AI agent's settings; the provider key is never returned, only whether it is set and where from",
      tags,
      response: aiSettingsView,
      handler: async () => toSettingsView(await loadAiSettings(ctx)),
    }),
    defineRoute({
      method: "put",
      path: "/api/ai/settings",
      guard: "admin",
      summary:
        "Change the AI settings (any subset). apiKey: a string stores it sealed, null removes it, absent keeps it",
      tags,
      body: updateAiSettingsBody,
      response: aiSettingsView,
      handler: async ({ req, user, body }) => {
        // The body schema is the settings made partial, but Zod still fills each absent field with
        // its default: keep only the fields the caller sent, or a PUT of one field would reset the rest.
        const sent = new Set(Object.keys((req.body ?? {}) as object));
        const changes = Object.fromEntries(Object.entries(body).filter(([k]) => sent.has(k))) as typeof body;
        return toSettingsView(await updateAiSettings(ctx, requestActor(req, user), changes));
      },
    }),
  ];
}
