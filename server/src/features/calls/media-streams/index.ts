// The Media Streams voice engine: Twilio's bidirectional <Connect><Stream> socket, OpenAI realtime
// transcription (energy VAD + file transcription as the fallback), the flow's brain, ElevenLabs
// μ-law TTS over its input-streaming socket (HTTP as the fallback), marks and barge-in.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import twilio from "twilio";
import { WebSocketServer } from "ws";
import type { AppContext } from "../../../platform/context";
import { mediaProviders } from "./providers";
import { serveMediaStream } from "./session";

export const MEDIA_PATH = "/webhooks/twilio/media";

function refuse(socket: Duplex, status: number, message: string) {
  socket.write(`HTTP/1.1 ${status} Refused\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n`);
  socket.end(JSON.stringify({ error: { code: status === 401 ? "unauthenticated" : "unavailable", message } }));
}

/** The upgrade handler: X-Twilio-Signature over PUBLIC_URL (as ws/wss) + path, no parameters. */
export function mediaStreams(ctx: AppContext, authToken: () => Promise<string | null>) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const providers = mediaProviders(ctx);
  return async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const token = await authToken().catch(() => null);
    if (!token)
      return refuse(socket, 503, "Twilio's auth token is not configured (Settings → Calls or TWILIO_AUTH_TOKEN)");
    const signature = req.headers["x-twilio-signature"];
    const url = ctx.publicUrl().replace(/^http/, "ws") + (req.url ?? MEDIA_PATH);
    if (typeof signature !== "string" || !twilio.validateRequest(token, signature, url, {})) {
      ctx.log.warn({ url }, "Media Streams upgrade with a bad X-Twilio-Signature refused");
      return refuse(socket, 401, "Bad X-Twilio-Signature");
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveMediaStream(ctx, ws, providers));
  };
}
