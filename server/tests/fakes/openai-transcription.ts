// OpenAI file transcription (wire-protocols §7: POST /v1/audio/transcriptions, multipart, Bearer
// key) with a script of HTTP statuses: each request takes the next one (then `always`, then 200),
// so a test can answer 500 then 200, or 500 every time. Errors use OpenAI's error envelope.
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";

export async function fakeOpenAiTranscription(key = "sk-test") {
  const requests: { model: string; bytes: number; filename: string; file: Buffer }[] = [];
  const script = { statuses: [] as number[], always: null as number | null, text: "" };
  const app = express();
  app.post("/v1/audio/transcriptions", express.raw({ type: "multipart/form-data", limit: "30mb" }), (req, res) => {
    if (req.headers.authorization !== `Bearer ${key}`)
      return void res
        .status(401)
        .json({ error: { message: "Incorrect API key provided", type: "invalid_request_error" } });
    const raw = req.body as Buffer;
    const body = raw.toString("latin1");
    // The file part's bytes: after its headers' blank line, up to the next boundary.
    const part = /name="file"; filename="([^"]*)"\r\n(?:[^\r]+\r\n)*\r\n/.exec(body);
    const from = part ? part.index + part[0].length : 0;
    const to = part ? body.indexOf("\r\n--", from) : 0;
    requests.push({
      model: /name="model"\r\n\r\n([^\r]+)/.exec(body)?.[1] ?? "",
      bytes: body.length,
      filename: part?.[1] ?? "",
      file: raw.subarray(from, to),
    });
    const status = script.statuses.shift() ?? script.always;
    if (status)
      return void res
        .status(status)
        .json({ error: { message: "The server had an error while processing your request.", type: "server_error" } });
    res.json({ text: script.text });
  });
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    script,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
