import { describe, expect, it } from "vitest";
import { callTool, callTools, say, verdict } from "../src/features/ai/fakes/script";
import { useLlmScenarios } from "./ai-llm-suite";
import { drivers, socket, visitor, waitFor } from "./helpers";

/**
 * The AI agent's create_ticket tool (issue 8 §3, issue 10 §1) with the fake OpenAI model following a
 * script: the ticket is created by `ai`, linked to the conversation, the requester is its contact,
 * and it is opened only once the turn is recorded (the answer sent or the handoff made).
 */
describe.each(drivers)("AI create_ticket tool (%s)", (driver) => {
  const { t, ask, aiPublic, received, handedOff, modelCalls, sql } = useLlmScenarios(driver);
  const ticketsOf = async (conversationId: string) =>
    (await t.admin.get(`/api/tickets?conversation=${conversationId}`)).body.items as any[];

  it("opens a ticket linked to the conversation, requester = contact, created by ai, and still answers", async () => {
    const agentWs = await socket(t.s.url, { cookie: t.agent.c.cookie });
    try {
      t.openai.push(
        callTool("create_ticket", {
          subject: "Parcel lost in transit",
          priority: "high",
          summary: "Order 8812 shipped 3 weeks ago, tracking stuck at the depot.",
        }),
        say("I have opened a ticket for our team about your parcel. [sources: none]"),
        verdict(true),
      );
      const v = await visitor(t.s.url, t.channelId, { name: "Rosa" });
      const { conversationId: id } = await ask(v, "My parcel 8812 never arrived, it's been 3 weeks");
      await waitFor(async () => (await aiPublic(id)).length === 1, 15000);
      expect(await received(v, id)).toEqual(["I have opened a ticket for our team about your parcel."]);
      await waitFor(async () => (await ticketsOf(id)).length === 1);
      const [ticket] = await ticketsOf(id);
      const contactId = (await t.admin.get(`/api/conversations/${id}`)).body.contact.id;
      expect(ticket).toMatchObject({
        subject: "Parcel lost in transit",
        priority: "high",
        status: "new",
        description: "Order 8812 shipped 3 weeks ago, tracking stuck at the depot.",
        createdBy: { type: "ai", id: null, name: "AI agent" },
        requester: { id: contactId, name: "Rosa" },
        conversationIds: [id],
      });
      const created = await agentWs.next((e) => e.type === "ticket.created" && e.ticket.id === ticket.id);
      expect(created.ticket.createdBy.type).toBe("ai");
      const detail = (await t.admin.get(`/api/tickets/${ticket.id}`)).body;
      expect(detail.events.map((e: any) => [e.kind, e.actor.type])).toEqual([["created", "ai"]]);
      // The tool is offered to the model with its schema, and its result told the model what to say.
      const first = modelCalls(t.openai)[0]!.body;
      const tool = first.tools.find((x: any) => x.function.name === "create_ticket");
      expect(Object.keys(tool.function.parameters.properties).sort()).toEqual(["priority", "subject", "summary"]);
      const toolMsg = modelCalls(t.openai)[1]!.body.messages.find((m: any) => m.role === "tool");
      expect(JSON.stringify(toolMsg)).toContain("A ticket will be opened for the team");
    } finally {
      agentWs.close();
    }
  });

  it("a second create_ticket while the conversation has an unsolved ticket adds a comment instead", async () => {
    const args = (subject: string) => ({ subject, priority: "normal", summary: `${subject}: details` });
    t.openai.push(
      callTool("create_ticket", args("Broken zip")),
      say("A ticket is open. [sources: none]"),
      verdict(true),
    );
    const v = await visitor(t.s.url, t.channelId);
    const { conversationId: id } = await ask(v, "The zip on my bag broke");
    await waitFor(async () => (await ticketsOf(id)).length === 1, 15000);
    t.openai.push(
      callTools({ name: "create_ticket", args: args("Zip again") }, { name: "create_ticket", args: args("Third") }),
      say("The team has it. [sources: none]"),
      verdict(true),
    );
    await ask(v, "It's the second bag with this problem", id);
    const [ticket] = await ticketsOf(id);
    await waitFor(async () => (await t.admin.get(`/api/tickets/${ticket.id}`)).body.comments.length === 1, 15000);
    const detail = (await t.admin.get(`/api/tickets/${ticket.id}`)).body;
    expect(detail.comments[0]).toMatchObject({
      body: "**Zip again** (normal)\n\nZip again: details",
      author: { type: "ai" },
    });
    expect(await ticketsOf(id)).toHaveLength(1);
    // The second call in the same turn was refused by the tool (one ticket per turn).
    const toolMsgs = modelCalls(t.openai)
      .at(-1)!
      .body.messages.filter((m: any) => m.role === "tool");
    expect(JSON.stringify(toolMsgs)).toContain("already being opened");
  });

  it("create_ticket with a handoff: the ticket carries the priority and the conversation goes to a person", async () => {
    t.openai.push(
      callTools(
        {
          name: "create_ticket",
          args: { subject: "Charged twice", priority: "urgent", summary: "Two charges of 40 EUR" },
        },
        { name: "handoff_to_human", args: { reason: "Billing problem", priority: "high", summary: "Charged twice" } },
      ),
    );
    const v = await visitor(t.s.url, t.channelId);
    const { conversationId: id } = await ask(v, "You charged my card twice!");
    await handedOff(id);
    await waitFor(async () => (await ticketsOf(id)).length === 1, 15000);
    expect((await ticketsOf(id))[0]).toMatchObject({
      subject: "Charged twice",
      priority: "urgent",
      createdBy: { type: "ai" },
    });
  });

  it("a turn the guard blocks opens no ticket", async () => {
    t.openai.push(
      callTool("create_ticket", { subject: "Refund", priority: "normal", summary: "wants a refund" }),
      say("I have refunded you already. [sources: none]"),
    );
    const v = await visitor(t.s.url, t.channelId);
    const { conversationId: id } = await ask(v, "Refund me please");
    await handedOff(id);
    // The turn is over (a ticket would have been opened before it ended): the handoff above was
    // written inside it, under its lock, so taking that lock waits for the rest of the turn.
    await t.s.ctx.database.lock(`ai.respond:${id}`, async () => {});
    expect(await ticketsOf(id)).toHaveLength(0);
  });
});
