import { instagramSettingsSchema } from "@switchboard/contracts";
import { z } from "zod";
import type { AppContext } from "../../../platform/context";
import { defineJob } from "../../../platform/jobs";
import { PgRateLimiter } from "../../../platform/rate-limit/limiter";
import { fillContactProfile, getContact } from "../../inbox";
import { loadChannel } from "../configs";
import { ProviderError } from "../provider-http";
import { fetchInstagramProfile } from "./profile";

/*
 * Instagram webhooks carry only the sender's IGSID: no name. After a message from a customer we
 * cannot name yet, a job asks the User Profile API (never the webhook path: a slow or failing Graph
 * call must not delay or lose the message) and fills the name (or @username) and the picture.
 */

const payload = z.object({ contactId: z.uuid(), channelId: z.uuid() });

export const instagramProfileJob = (ctx: AppContext) =>
  defineJob({
    name: "channels.instagram-profile",
    schema: payload,
    // One waiting lookup per contact (singletonKey): a burst of first messages asks once.
    policy: "short",
    retryLimit: 3,
    retryDelaySeconds: 30,
    handler: (p) => lookUpInstagramProfile(ctx, p),
  });

/** At most a few lookups per contact a day: a person who never gave consent is not asked on every message. */
const attempts = (ctx: AppContext) =>
  new PgRateLimiter(ctx.db, { name: "instagram-profile", limit: 3, windowMs: 24 * 3600_000 });

export async function lookUpInstagramProfile(ctx: AppContext, p: z.infer<typeof payload>): Promise<void> {
  const channel = await loadChannel(ctx, p.channelId);
  if (!channel || channel.type !== "instagram") return;
  const contact = await getContact(ctx.db, p.contactId, false);
  if (!contact || contact.name) return;
  const igsid = contact.identities.find((i) => i.channelId === p.channelId)?.externalId;
  if (!igsid) return;
  const settings = instagramSettingsSchema.parse(channel.settings);
  let profile: Awaited<ReturnType<typeof fetchInstagramProfile>>;
  try {
    profile = await fetchInstagramProfile({ ...channel, settings }, igsid);
  } catch (err) {
    // A Graph answer (no consent, blocked, bad token) will not change on a retry; a network failure may.
    if (err instanceof ProviderError && err.info.status && err.info.status < 500 && err.info.status !== 429) {
      ctx.log.info({ contactId: p.contactId, err: err.message }, "instagram profile unavailable");
      return;
    }
    throw err;
  }
  const name = profile.name ?? (profile.username ? `@${profile.username}` : null);
  // followName: an agent's own name for this person (contacts.name_edited_at) is never replaced.
  await fillContactProfile(ctx.db, p.contactId, { name, avatarUrl: profile.profilePic }, { followName: true });
}

/** After commit: a customer's message on Instagram from a contact we have no name for queues a lookup. */
export function registerInstagramProfileLookup(ctx: AppContext) {
  const job = instagramProfileJob(ctx);
  ctx.bus.on("message.created", async ({ message, conversation }) => {
    if (
      conversation.channelType !== "instagram" ||
      message.direction !== "inbound" ||
      message.senderType !== "customer"
    )
      return;
    if (conversation.contact.name) return;
    if ((await attempts(ctx).hit(conversation.contact.id)).count > 3) return;
    await ctx.jobs.send(
      job,
      { contactId: conversation.contact.id, channelId: conversation.channelId },
      { singletonKey: conversation.contact.id },
    );
  });
}
