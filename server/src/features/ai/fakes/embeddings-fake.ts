import type http from "node:http";
import { fakeEmbedding } from "./embedding-vectors";
import type { FakeStep, RecordedRequest, SideRoute } from "./script";

/**
 * Embeddings endpoints, served by the chat fakes on the same base URL with their own script
 * (FakeModelServer.embeddings):
 * - OpenAI wire (also OpenRouter's /api/v1/embeddings and OpenAI-compatible servers):
 *   POST …/embeddings {model, input: string | string[], dimensions?, encoding_format}
 *   -> {object:"list", data:[{object:"embedding", index, embedding}], model, usage:{prompt_tokens,total_tokens}};
 * - Gemini: POST …/models/{m}:embedContent {content:{parts:[{text}]}, outputDimensionality?}
 *   -> {embedding:{values}}, and …:batchEmbedContents {requests:[{model, content, …}]} -> {embeddings:[{values}]}.
 * Errors reuse each fake's envelope (`errorFor`), so a queued `serverError()` or `rateLimited()`
 * fails an embedding call exactly as it fails a chat call.
 */
type ErrorFor = (step: Extract<FakeStep, { type: "error" }>) => {
  status: number;
  headers: Record<string, string>;
  body: unknown;
};

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

const tokenCount = (texts: string[]) => texts.reduce((n, t) => n + Math.ceil(t.length / 4), 0);

export function openAiEmbeddings(errorFor: ErrorFor, authorised: (req: RecordedRequest) => boolean): SideRoute {
  return {
    route: (method, path) => method === "POST" && path.endsWith("/embeddings"),
    handle: async (req, step, res) => {
      if (!authorised(req)) step = { type: "error", status: 401, kind: "auth" };
      if (step.type === "error") {
        const e = errorFor(step);
        return send(res, e.status, e.body, e.headers);
      }
      const input: unknown = req.body?.input;
      const texts = typeof input === "string" ? [input] : Array.isArray(input) ? input.map(String) : null;
      if (!texts?.length)
        return send(res, 400, {
          error: { message: "'input' is a required property", type: "invalid_request_error", param: "input" },
        });
      const dims = Number(req.body?.dimensions) || undefined;
      const tokens = tokenCount(texts);
      send(res, 200, {
        object: "list",
        data: texts.map((t, index) => ({ object: "embedding", index, embedding: fakeEmbedding(t, dims) })),
        model: String(req.body?.model ?? "text-embedding-3-small"),
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      });
    },
  };
}

interface GeminiEmbedRequest {
  content?: { parts?: { text?: string }[] };
  outputDimensionality?: number;
}

const partsText = (content: GeminiEmbedRequest["content"]): string =>
  Array.isArray(content?.parts) ? content.parts.map((p) => String(p?.text ?? "")).join("") : "";

export function geminiEmbeddings(errorFor: ErrorFor, authorised: (req: RecordedRequest) => boolean): SideRoute {
  return {
    route: (method, path) => method === "POST" && /\/models\/[^/:]+:(embedContent|batchEmbedContents)$/.test(path),
    handle: async (req, step, res) => {
      if (!authorised(req)) step = { type: "error", status: 403, kind: "auth" };
      if (step.type === "error") {
        const e = errorFor(step);
        return send(res, e.status, e.body, e.headers);
      }
      if (req.path.endsWith(":embedContent")) {
        const dims = Number(req.body?.outputDimensionality) || undefined;
        return send(res, 200, { embedding: { values: fakeEmbedding(partsText(req.body?.content), dims) } });
      }
      const requests: GeminiEmbedRequest[] = Array.isArray(req.body?.requests) ? req.body.requests : [];
      if (!requests.length)
        return send(res, 400, {
          error: { code: 400, status: "INVALID_ARGUMENT", message: "* BatchEmbedContentsRequest.requests: is empty" },
        });
      send(res, 200, {
        embeddings: requests.map((r) => ({
          values: fakeEmbedding(partsText(r?.content), Number(r?.outputDimensionality) || undefined),
        })),
      });
    },
  };
}
