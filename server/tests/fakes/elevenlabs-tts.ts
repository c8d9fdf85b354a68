// ElevenLabs' whole-file text-to-speech (wire-protocols §6): POST /v1/text-to-speech/{voice} with
// `xi-api-key`, `output_format` in the query string, JSON body {text, model_id}; answers the audio
// bytes (here a few MPEG-2 Layer III frame headers, enough for a player to know it is MP3).
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";

export const FAKE_MP3_FRAME = Buffer.concat([Buffer.from([0xff, 0xf3, 0x48, 0xc4]), Buffer.alloc(140)]);

export async function fakeElevenLabsTts(key = "el-test") {
  const requests: { voice: string; format: string; text: string; modelId: string }[] = [];
  /** Set to answer with this HTTP status (ElevenLabs' error body) instead of audio. */
  const mode = { status: null as number | null };
  const app = express();
  app.post("/v1/text-to-speech/:voice", express.json(), (req, res) => {
    if (req.headers["xi-api-key"] !== key)
      return void res.status(401).json({ detail: { status: "invalid_api_key", message: "Invalid API key" } });
    requests.push({
      voice: req.params.voice,
      format: String(req.query.output_format ?? ""),
      text: String(req.body?.text ?? ""),
      modelId: String(req.body?.model_id ?? ""),
    });
    if (mode.status)
      return void res.status(mode.status).json({ detail: { status: "server_error", message: "TTS is overloaded" } });
    if (req.query.output_format !== "mp3_22050_32")
      return void res.status(422).json({ detail: [{ msg: "unexpected output_format", loc: ["query"] }] });
    res.setHeader("content-type", "audio/mpeg");
    const audio = Buffer.concat(Array.from({ length: 20 }, () => FAKE_MP3_FRAME));
    res.write(audio.subarray(0, 500));
    res.end(audio.subarray(500));
  });
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    mode,
    audio: Buffer.concat(Array.from({ length: 20 }, () => FAKE_MP3_FRAME)),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
