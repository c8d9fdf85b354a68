import type http from "node:http";
import { openAiEmbeddings } from "./embeddings-fake";
import { type FakeModelServer, type FakeStep, type RecordedRequest, startFakeModel, tokens, wait } from "./script";

/**
 * OpenAI Chat Completions (wire-protocols.md §7): POST …/chat/completions, JSON or SSE (`stream: true`:
 * `data: {chunk}` events ending `data: [DONE]`), tool calls with JSON-encoded `arguments`, and the two
 * different 429s: `insufficient_quota` (retrying will not help) and `rate_limit_exceeded` (with
 * `retry-after`/`retry-after-ms`). OpenRouter (§9) is the same wire with `: OPENROUTER PROCESSING`
 * comment lines in the stream, an `X-Generation-Id` header, and its own error envelope.
 */
export interface OpenAiFakeOptions {
  /** OpenRouter's variant of the wire. */
  openrouter?: boolean;
  /** When set, requests without `Authorization: Bearer <key>` get a 401. */
  key?: string;
}

let seq = 0;
const created = () => Math.floor(Date.now() / 1000);

function errorFor(step: Extract<FakeStep, { type: "error" }>, openrouter: boolean) {
  const headers: Record<string, string> = { "content-type": "application/json", "x-request-id": `req_${++seq}` };
  if (step.kind === "rate_limit") {
    const ms = step.retryAfterMs ?? 1000;
    headers["retry-after-ms"] = String(ms);
    headers["retry-after"] = String(Math.ceil(ms / 1000));
    headers["x-ratelimit-limit-requests"] = "60";
    headers["x-ratelimit-remaining-requests"] = "0";
    headers["x-ratelimit-reset-requests"] = `${Math.ceil(ms / 1000)}s`;
  }
  if (openrouter) {
    // OpenRouter: {"error":{"code":<http status>,"message"}}; out of credits is a 402.
    const status = step.kind === "quota" ? 402 : step.status;
    const message =
      step.kind === "quota"
        ? "Insufficient credits. Add more using https://openrouter.ai/credits"
        : step.kind === "rate_limit"
          ? "Rate limit exceeded: free-models-per-min"
          : step.kind === "auth"
            ? "No auth credentials found"
            : "Internal Server Error";
    return { status, headers, body: { error: { code: status, message } } };
  }
  const body =
    step.kind === "quota"
      ? {
          message: "You exceeded your current quota, please check your plan and billing details.",
          type: "insufficient_quota",
          param: null,
          code: "insufficient_quota",
        }
      : step.kind === "rate_limit"
        ? {
            message: "Rate limit reached for requests per min (RPM): Limit 60, Used 60, Requested 1.",
            type: "requests",
            param: null,
            code: "rate_limit_exceeded",
          }
        : step.kind === "auth"
          ? {
              message: "Incorrect API key provided.",
              type: "invalid_request_error",
              param: null,
              code: "invalid_api_key",
            }
          : {
              message: "The server had an error while processing your request.",
              type: "server_error",
              param: null,
              code: null,
            };
  return { status: step.status, headers, body: { error: body } };
}

function toolCalls(step: Extract<FakeStep, { type: "tools" }>) {
  return step.calls.map((c, i) => ({
    id: c.id ?? `call_${++seq}_${i}`,
    type: "function" as const,
    function: { name: c.name, arguments: typeof c.args === "string" ? c.args : JSON.stringify(c.args) },
  }));
}

async function handle(
  opts: OpenAiFakeOptions,
  req: RecordedRequest,
  step: FakeStep,
  res: http.ServerResponse,
  server: Pick<FakeModelServer, "chunkDelayMs">,
) {
  const auth = String(req.headers.authorization ?? "");
  if (opts.key && auth !== `Bearer ${opts.key}`) step = { type: "error", status: 401, kind: "auth" };
  if (step.type === "error") {
    const e = errorFor(step, Boolean(opts.openrouter));
    res.writeHead(e.status, e.headers);
    return void res.end(JSON.stringify(e.body));
  }
  if (step.type !== "text" && step.type !== "tools") return;
  const id = `${opts.openrouter ? "gen" : "chatcmpl"}-fake${++seq}`;
  const model = String(req.body?.model ?? "gpt-5-mini");
  const usage = { prompt_tokens: 81, completion_tokens: 17, total_tokens: 98 };
  const extra: Record<string, string> = opts.openrouter ? { "x-generation-id": id } : { "x-request-id": `req_${seq}` };

  if (!req.stream) {
    const message =
      step.type === "text"
        ? { role: "assistant", content: step.text, refusal: null }
        : { role: "assistant", content: null, refusal: null, tool_calls: toolCalls(step) };
    res.writeHead(200, { "content-type": "application/json", ...extra });
    return void res.end(
      JSON.stringify({
        id,
        object: "chat.completion",
        created: created(),
        model,
        choices: [{ index: 0, message, finish_reason: step.type === "text" ? "stop" : "tool_calls", logprobs: null }],
        usage,
      }),
    );
  }

  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
    ...extra,
  });
  const base = { id, object: "chat.completion.chunk", created: created(), model };
  const send = async (choice: Record<string, unknown> | null, more: Record<string, unknown> = {}) => {
    if (res.destroyed) return;
    if (opts.openrouter) res.write(": OPENROUTER PROCESSING\n\n");
    res.write(`data: ${JSON.stringify({ ...base, choices: choice ? [choice] : [], ...more })}\n\n`);
    if (server.chunkDelayMs) await wait(server.chunkDelayMs);
  };
  await send({ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null });
  if (step.type === "text") {
    for (const t of tokens(step.text)) await send({ index: 0, delta: { content: t }, finish_reason: null });
    await send({ index: 0, delta: {}, finish_reason: "stop" });
  } else {
    for (const [index, call] of toolCalls(step).entries()) {
      // First fragment: id, type and name; then the arguments in pieces to concatenate per index.
      await send({
        index: 0,
        delta: {
          tool_calls: [{ index, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } }],
        },
        finish_reason: null,
      });
      const args = call.function.arguments;
      for (let i = 0; i < args.length; i += 12)
        await send({
          index: 0,
          delta: { tool_calls: [{ index, function: { arguments: args.slice(i, i + 12) } }] },
          finish_reason: null,
        });
    }
    await send({ index: 0, delta: {}, finish_reason: "tool_calls" });
  }
  if (req.body?.stream_options?.include_usage) await send(null, { usage });
  if (!res.destroyed) res.end("data: [DONE]\n\n");
}

export function startOpenAiFake(opts: OpenAiFakeOptions = {}): Promise<FakeModelServer> {
  return startFakeModel(
    (method, path) => method === "POST" && path.endsWith("/chat/completions"),
    (req, step, res, server) => handle(opts, req, step, res, server),
    (_path, _query, body) => body?.stream === true,
    openAiEmbeddings(
      (step) => errorFor(step, Boolean(opts.openrouter)),
      (req) => !opts.key || String(req.headers.authorization ?? "") === `Bearer ${opts.key}`,
    ),
  );
}
