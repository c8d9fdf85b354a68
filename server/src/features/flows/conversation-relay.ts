import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import twilio from "twilio";
import { WebSocket, WebSocketServer } from "ws";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { brainFor } from "./brains";
import { FlowRunner } from "./runner";

export const RELAY_PATH = "/webhooks/twilio/relay";

/** What Twilio sends over the ConversationRelay socket (wire-protocols.md §5.4); unknown types are logged and ignored. */
const inbound = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("setup"),
    callSid: z.string().default(""),
    customParameters: z.record(z.string(), z.string()).default({}),
  }),
  z.object({
    type: z.literal("prompt"),
    voicePrompt: z.string().default(""),
    lang: z.string().optional(),
    last: z.boolean().default(true),
  }),
  z.object({
    type: z.literal("interrupt"),
    utteranceUntilInterrupt: z.string().default(""),
    durationUntilInterruptMs: z.coerce.number().optional(),
  }),
  z.object({ type: z.literal("dtmf"), digit: z.string() }),
  z.object({ type: z.literal("error"), description: z.string().default("") }),
]);

/** The URL Twilio signed: PUBLIC_URL (the address Twilio saw, behind a proxy) as ws(s), plus the request's path and query. */
export function signedUrl(ctx: AppContext, req: IncomingMessage) {
  return ctx.publicUrl().replace(/^http/, "ws") + (req.url ?? RELAY_PATH);
}

function refuse(socket: Duplex, status: number, message: string) {
  socket.write(`HTTP/1.1 ${status} Refused\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n`);
  socket.end(JSON.stringify({ error: { code: status === 401 ? "unauthenticated" : "unavailable", message } }));
}

/**
 * The ConversationRelay WebSocket server: Twilio connects here from `<Connect><ConversationRelay>`
 * (the calls feature's TwiML, with custom parameters callId, flowId, contactId). The upgrade must
 * carry a valid X-Twilio-Signature (twilio.validateRequest over the URL with no parameters).
 * setup opens (or, after a reconnect, resumes) the run and the agent speaks first; each final prompt
 * is a turn whose tokens stream back as `text` messages, the last with `last: true`; interrupt keeps
 * only what was played; when the flow ends we send `end` with the outcome as handoffData.
 */
export function conversationRelay(
  ctx: AppContext,
  /** The account's auth token (Twilio signs with it): the calls feature's settings, else the environment. */
  authToken: () => Promise<string | null> = async () => ctx.config.flows.twilioAuthToken,
) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  return async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const token = await authToken().catch(() => null);
    if (!token)
      return refuse(socket, 503, "Twilio's auth token is not configured (Settings → Calls or TWILIO_AUTH_TOKEN)");
    const signature = req.headers["x-twilio-signature"];
    const url = signedUrl(ctx, req);
    if (typeof signature !== "string" || !twilio.validateRequest(token, signature, url, {})) {
      ctx.log.warn({ url }, "ConversationRelay upgrade with a bad X-Twilio-Signature refused");
      return refuse(socket, 401, "Bad X-Twilio-Signature");
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ctx, ws));
  };
}

function serve(ctx: AppContext, ws: WebSocket) {
  let runner: FlowRunner | null = null;
  let limit: NodeJS.Timeout | undefined;
  ws.on("close", () => clearTimeout(limit));
  let partial = "";
  let chain: Promise<unknown> = Promise.resolve();
  const send = (msg: unknown) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
  };
  const speak = async (said: string | null, endOfTurnAt?: number) => {
    if (!runner || runner.ended) return;
    // Twilio recognises the speech and speaks the reply: we time its final prompt to our first token.
    for await (const out of runner.respond(said, { endOfTurnAt, asrMs: null })) {
      if (out.type === "token") send({ type: "text", token: out.text, last: false });
      else {
        send({ type: "text", token: "", last: true });
        // A transfer does not end the session: the calls feature updates the call to <Dial>, which replaces it.
        if (out.outcome === "transferred") return;
        send({
          type: "end",
          handoffData: JSON.stringify({
            reason: "flow_finished",
            outcome: out.outcome,
            summary: out.summary,
            fields: out.fields,
          }),
        });
        return;
      }
    }
    send({ type: "text", token: "", last: true });
  };
  // Turns run one after another; an interrupt acts at once (it stops the turn being generated).
  const queue = (fn: () => Promise<unknown>) => {
    chain = chain
      .then(fn)
      .catch((err) => ctx.log.error({ err, callId: runner?.callId }, "ConversationRelay turn failed"));
  };
  ws.on("message", (data) => {
    let msg: z.infer<typeof inbound>;
    try {
      const r = inbound.safeParse(JSON.parse(String(data)));
      if (!r.success)
        return void ctx.log.debug({ data: String(data).slice(0, 200) }, "ConversationRelay message ignored");
      msg = r.data;
    } catch {
      return;
    }
    switch (msg.type) {
      case "setup": {
        const { callId, flowId, contactId } = msg.customParameters;
        if (!callId || !flowId) {
          ctx.log.warn({ callSid: msg.callSid }, "ConversationRelay setup without callId/flowId");
          return ws.close(1008, "callId and flowId are required");
        }
        return queue(async () => {
          runner = await FlowRunner.open(ctx, {
            callId,
            flowId,
            contactId: contactId || null,
            brain: await brainFor(ctx),
          });
          // A fresh run opens the call; a resumed one (Twilio reconnected) waits for the callee.
          if (runner.history.length === 0) await speak(null);
        });
      }
      case "prompt":
        partial += (partial ? " " : "") + msg.voicePrompt;
        if (!msg.last) return;
        {
          const said = partial.trim();
          partial = "";
          const at = performance.now();
          if (said) queue(() => speak(said, at));
        }
        return;
      case "interrupt":
        void runner
          ?.interrupted(msg.utteranceUntilInterrupt)
          .catch((err) => ctx.log.error({ err }, "interrupt failed"));
        return;
      case "dtmf":
        return queue(() => speak(msg.digit));
      case "error":
        ctx.log.warn(
          { callId: (runner as FlowRunner | null)?.callId, description: msg.description },
          "ConversationRelay error",
        );
        return;
    }
  });
  ws.on("error", (err) => ctx.log.warn({ err }, "ConversationRelay socket error"));
}
