import type http from "node:http";
import { geminiEmbeddings } from "./embeddings-fake";
import { type FakeModelServer, type FakeStep, type RecordedRequest, startFakeModel, tokens, wait } from "./script";

/**
 * Google Gemini (wire-protocols.md §8): POST …/models/{model}:generateContent (JSON) and
 * …:streamGenerateContent?alt=sse (each event one GenerateContentResponse, no [DONE]); tool calls
 * are `functionCall` parts; errors use Google's envelope {"error":{code,message,status,details}}.
 */
export interface GeminiFakeOptions {
  /** When set, requests without `x-goog-api-key: <key>` get a 403 PERMISSION_DENIED. */
  key?: string;
}

let seq = 0;

function errorBody(step: Extract<FakeStep, { type: "error" }>) {
  if (step.kind === "quota")
    return {
      code: 429,
      status: "RESOURCE_EXHAUSTED",
      message:
        "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
      details: [
        {
          "@type": "type.googleapis.com/google.rpc.QuotaFailure",
          violations: [{ quotaMetric: "generativelanguage.googleapis.com/generate_requests_per_model_per_day" }],
        },
      ],
    };
  if (step.kind === "rate_limit")
    return {
      code: 429,
      status: "RESOURCE_EXHAUSTED",
      message: "Resource has been exhausted (e.g. check quota).",
      details: [
        {
          "@type": "type.googleapis.com/google.rpc.RetryInfo",
          retryDelay: `${(step.retryAfterMs ?? 1000) / 1000}s`,
        },
      ],
    };
  if (step.kind === "auth")
    return {
      code: step.status,
      status: "PERMISSION_DENIED",
      message: "API key not valid. Please pass a valid API key.",
    };
  return { code: step.status, status: "INTERNAL", message: "An internal error has occurred." };
}

async function handle(
  opts: GeminiFakeOptions,
  req: RecordedRequest,
  step: FakeStep,
  res: http.ServerResponse,
  server: Pick<FakeModelServer, "chunkDelayMs">,
) {
  if (opts.key && req.headers["x-goog-api-key"] !== opts.key) step = { type: "error", status: 403, kind: "auth" };
  if (step.type === "error") {
    const headers: Record<string, string> = { "content-type": "application/json; charset=UTF-8" };
    res.writeHead(step.status, headers);
    return void res.end(JSON.stringify({ error: errorBody(step) }));
  }
  if (step.type !== "text" && step.type !== "tools") return;
  const model = /models\/([^:]+):/.exec(req.path)?.[1] ?? "gemini-2.5-flash";
  const responseId = `fake-${++seq}`;
  const usageMetadata = { promptTokenCount: 81, candidatesTokenCount: 17, totalTokenCount: 98 };
  const response = (parts: unknown[], finishReason: string | null) => ({
    candidates: [{ content: { role: "model", parts }, ...(finishReason ? { finishReason } : {}), index: 0 }],
    usageMetadata,
    modelVersion: model,
    responseId,
  });
  const callParts =
    step.type === "tools" ? step.calls.map((c) => ({ functionCall: { name: c.name, args: c.args ?? {} } })) : [];

  if (!req.stream) {
    res.writeHead(200, { "content-type": "application/json; charset=UTF-8" });
    return void res.end(JSON.stringify(response(step.type === "text" ? [{ text: step.text }] : callParts, "STOP")));
  }
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const send = async (body: unknown) => {
    if (res.destroyed) return;
    res.write(`data: ${JSON.stringify(body)}\r\n\r\n`);
    if (server.chunkDelayMs) await wait(server.chunkDelayMs);
  };
  if (step.type === "text") {
    const pieces = tokens(step.text);
    for (const [i, t] of pieces.entries()) await send(response([{ text: t }], i === pieces.length - 1 ? "STOP" : null));
  } else {
    await send(response(callParts, "STOP"));
  }
  if (!res.destroyed) res.end();
}

export function startGeminiFake(opts: GeminiFakeOptions = {}): Promise<FakeModelServer> {
  return startFakeModel(
    (method, path) => method === "POST" && /\/models\/[^/:]+:(generateContent|streamGenerateContent)$/.test(path),
    (req, step, res, server) => handle(opts, req, step, res, server),
    (path) => path.endsWith(":streamGenerateContent"),
    geminiEmbeddings(
      (step) => ({
        status: step.status,
        headers: { "content-type": "application/json; charset=UTF-8" },
        body: { error: errorBody(step) },
      }),
      (req) => !opts.key || req.headers["x-goog-api-key"] === opts.key,
    ),
  );
}
