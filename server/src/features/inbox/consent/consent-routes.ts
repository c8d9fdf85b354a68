import { consentKeywordsSchema, contactConsentSchema, idParams, updateConsentBody } from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import type { AppContext } from "../../../platform/context";
import { notFound } from "../../../platform/errors";
import { defineRoute } from "../../../platform/http/route";
import { contacts } from "../schema";
import { getContactConsent } from "./consent-queries";
import { readKeywords, saveKeywords } from "./keywords";
import { setConsent } from "./set-consent";

export function consentRoutes(ctx: AppContext) {
  const tags = ["consent"];
  return [
    defineRoute({
      method: "get",
      path: "/api/contacts/:id/consent",
      guard: "agent",
      summary: "A contact's marketing consent, time zone (stored or guessed from the number) and change history",
      tags,
      params: idParams,
      response: contactConsentSchema,
      handler: ({ params }) => getContactConsent(ctx.db, params.id),
    }),
    defineRoute({
      method: "patch",
      path: "/api/contacts/:id/consent",
      guard: "agent",
      summary: "An agent records an opt-out or opt-in (logged with their name and reason), or sets the time zone",
      tags,
      params: idParams,
      body: updateConsentBody,
      response: contactConsentSchema,
      handler: async ({ params, body, user }) => {
        if (body.timeZone !== undefined) {
          const [row] = await ctx.db
            .update(contacts)
            .set({ timeZone: body.timeZone, updatedAt: new Date() })
            .where(eq(contacts.id, params.id))
            .returning({ id: contacts.id });
          if (!row) throw notFound("Contact");
        }
        if (body.status)
          await setConsent(ctx.db, params.id, {
            status: body.status,
            source: "agent",
            reason: body.reason ?? null,
            actorId: user.id,
          });
        return getContactConsent(ctx.db, params.id);
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/consent/keywords",
      guard: "agent",
      summary: "The whole-message keywords that opt a customer out of marketing, or back in",
      tags,
      response: consentKeywordsSchema,
      handler: () => readKeywords(ctx.db),
    }),
    defineRoute({
      method: "put",
      path: "/api/consent/keywords",
      guard: "admin",
      summary: "Replace the opt-out and opt-in keywords (every process picks them up at once)",
      tags,
      body: consentKeywordsSchema,
      response: consentKeywordsSchema,
      handler: async ({ body }) => {
        const saved = await saveKeywords(ctx.db, body);
        ctx.bus.emit("consent.keywords_changed", {});
        return saved;
      },
    }),
  ];
}
