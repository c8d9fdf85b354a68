import { sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { createAgent } from "../agents/create-agent";
import { webchatAdapter } from "../channels/webchat/adapter";
import { channels } from "../channels/schema";
import { contacts, conversations, messages } from "../inbox/schema";
import { upsertContactIdentity } from "../inbox/upsert-contact";

/**
 * A small, clearly labelled demo workspace for a brand-new embedded database, so the inbox is not
 * empty on first start. Demo agents get random passwords (never a default one); they exist to be
 * assigned to, not to log in as.
 */
export async function seedDemo(ctx: AppContext): Promise<boolean> {
  const [{ n }] = (await ctx.db.select({ n: sql<number>`count(*)::int` }).from(channels)) as [{ n: number }];
  if (n > 0) return false;
  const crypto = await import("node:crypto");
  const pw = () => crypto.randomBytes(16).toString("base64url");
  const { agent: maya } = await createAgent(ctx.db, {
    name: "Maya Chen (demo)",
    email: "maya.demo@switchboard.local",
    role: "agent",
    password: pw(),
  });
  await createAgent(ctx.db, {
    name: "Leo Okafor (demo)",
    email: "leo.demo@switchboard.local",
    role: "agent",
    password: pw(),
  });
  const [channel] = await ctx.db
    .insert(channels)
    .values({
      type: "webchat",
      name: "Demo website",
      settings: webchatAdapter.settingsSchema.parse({
        welcomeMessage: "Hi! This is the Switchboard demo chat. Ask us anything.",
      }),
      secretsSealed: ctx.secrets.sealJson(webchatAdapter.generateSecrets()),
    })
    .returning();
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
      channelId: channel!.id,
      externalId: `demo:${email}`,
      profile: { name, email },
    });
    const at = new Date(Date.now() - minutesAgo * 60_000);
    minutesAgo += 37;
    const [conv] = await ctx.db
      .insert(conversations)
      .values({
        channelId: channel!.id,
        contactId: who.contactId,
        identityId: who.identityId,
        status,
        priority,
        assigneeId: assigned ? maya.id : null,
        lastMessageAt: at,
        lastInboundAt: at,
        lastMessagePreview: lines.at(-1)!,
        agentUnreadCount: status === "open" ? lines.length : 0,
      })
      .returning();
    for (const [i, content] of lines.entries()) {
      await ctx.db.insert(messages).values({
        conversationId: conv!.id,
        channelId: channel!.id,
        direction: "inbound",
        senderType: "customer",
        senderId: who.contactId,
        senderName: name,
        content,
        status: "sent",
        createdAt: new Date(at.getTime() - (lines.length - 1 - i) * 60_000),
      });
    }
    await ctx.db
      .update(contacts)
      .set({ notes: "Demo contact: safe to delete." })
      .where(sql`${contacts.id} = ${who.contactId}`);
  }
  return true;
}
