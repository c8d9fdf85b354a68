import type { AppContext } from "../../platform/context";
import { createAgent } from "../agents";
import { connectChannel, countChannels } from "../channels";
import { recordImportedConversation } from "../analytics";
import { getConversation, importConversation, listMessages, upsertContactIdentity } from "../inbox";
import { claimDemoSeed, markDemo } from "./records";

/**
 * A small, clearly labelled demo workspace for a brand-new embedded database, so the inbox is not
 * empty on first start. Demo agents get random passwords (never a default one); they exist to be
 * assigned to, not to log in as. Every row it creates is recorded in demo_records, which is what
 * "Remove demo data" deletes; once seeded (or removed) it never seeds again.
 */
export async function seedDemo(ctx: AppContext): Promise<boolean> {
  if ((await countChannels(ctx.db)) > 0) return false;
  if (!(await claimDemoSeed(ctx.db))) return false;
  const crypto = await import("node:crypto");
  const pw = () => crypto.randomBytes(16).toString("base64url");
  const { agent: maya } = await createAgent(ctx.db, {
    name: "Maya Chen (demo)",
    email: "maya.demo@switchboard.local",
    role: "agent",
    password: pw(),
  });
  const { agent: leo } = await createAgent(ctx.db, {
    name: "Leo Okafor (demo)",
    email: "leo.demo@switchboard.local",
    role: "agent",
    password: pw(),
  });
  await markDemo(ctx.db, "user", [maya.id, leo.id]);
  const { row: channel } = await connectChannel(ctx, {
    type: "webchat",
    name: "Demo website",
    settings: { welcomeMessage: "Hi! This is the Switchboard demo chat. Ask us anything." },
  });
  await markDemo(ctx.db, "channel", [channel.id]);
  const people: [
    string,
    string,
    string[],
    "open" | "pending" | "resolved",
    "low" | "normal" | "high" | "urgent",
    boolean,
  ][] = [
    [
      "Dana Reyes (demo)",
      "dana@example.com",
      ["Hi, where is my order #8812?", "It was due yesterday."],
      "open",
      "high",
      false,
    ],
    ["Sam Patel (demo)", "sam@example.com", ["Can I change my delivery address?"], "open", "normal", true],
    ["Ana Souza (demo)", "ana@example.com", ["Do you ship to Portugal?"], "open", "low", false],
    [
      "Tom Becker (demo)",
      "tom@example.com",
      ["My discount code does not work", "It says expired but the email said valid until Friday"],
      "pending",
      "urgent",
      true,
    ],
    ["Lina Haddad (demo)", "lina@example.com", ["Thanks, all sorted!"], "resolved", "normal", true],
  ];
  let minutesAgo = 5;
  for (const [name, email, lines, status, priority, assigned] of people) {
    const who = await upsertContactIdentity(ctx.db, {
      channelId: channel.id,
      externalId: `demo:${email}`,
      profile: { name, email },
    });
    await markDemo(ctx.db, "contact", [who.contactId]);
    const at = new Date(Date.now() - minutesAgo * 60_000);
    minutesAgo += 37;
    const conversationId = await importConversation(ctx.db, {
      channelId: channel.id,
      contactId: who.contactId,
      identityId: who.identityId,
      senderName: name,
      status,
      priority,
      assigneeId: assigned ? maya.id : null,
      lines,
      lastAt: at,
      unread: status === "open" ? lines.length : 0,
      contactNote: "Demo contact: safe to delete.",
    });
    await markDemo(ctx.db, "conversation", [conversationId]);
    // The dashboard reads reporting events, which the bus writes for lived conversations only.
    const conversation = await getConversation(ctx.db, conversationId);
    const { items } = await listMessages(ctx.db, { conversationId, limit: 50, includePrivate: true });
    if (conversation) await recordImportedConversation(ctx.db, conversation, items);
  }
  return true;
}
