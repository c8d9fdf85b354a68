import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * What a fake model answers next. Tests push steps in the order the brain will call the model
 * (e.g. a tool call, then the answer, then the guard pass's verdict); each request takes one.
 */
export type FakeStep =
  | { type: "text"; text: string }
  | { type: "tools"; calls: { name: string; args: unknown; id?: string }[] }
  /** A provider error: OpenAI-shaped (or Gemini-shaped) JSON with this status. */
  | { type: "error"; status: number; kind?: "quota" | "rate_limit" | "auth" | "server"; retryAfterMs?: number }
  /** Bytes as given (a malformed answer). */
  | { type: "raw"; status: number; body: string; contentType?: string }
  /** Never answers; the connection stays open until the client gives up. */
  | { type: "hang" }
  /** Waits `ms` before answering with `then`. */
  | { type: "slow"; ms: number; then: FakeStep }
  /**
   * Holds the answer until the test releases it (see `held`): deterministic "while the model is
   * generating", with no timing guesses. `arrived` is called when the request reaches the fake.
   */
  | { type: "hold"; until: Promise<void>; arrived: () => void; then: FakeStep; closed?: () => void };

export const say = (text: string): FakeStep => ({ type: "text", text });
export const callTool = (name: string, args: unknown = {}): FakeStep => ({
  type: "tools",
  calls: [{ name, args }],
});
export const callTools = (...calls: { name: string; args: unknown }[]): FakeStep => ({ type: "tools", calls });
export const quotaExceeded = (): FakeStep => ({ type: "error", status: 429, kind: "quota" });
export const rateLimited = (retryAfterMs = 5): FakeStep => ({
  type: "error",
  status: 429,
  kind: "rate_limit",
  retryAfterMs,
});
export const serverError = (status = 500): FakeStep => ({ type: "error", status, kind: "server" });
export const unauthorized = (): FakeStep => ({ type: "error", status: 401, kind: "auth" });
export const malformed = (): FakeStep => ({
  type: "raw",
  status: 200,
  body: '{"id":"x","choices":[{"mess',
  contentType: "application/json",
});
export const hang = (): FakeStep => ({ type: "hang" });
export const slow = (ms: number, then: FakeStep): FakeStep => ({ type: "slow", ms, then });
/**
 * A step that answers `then` only once `release()` is called; `arrived` resolves when the request
 * it answers has reached the fake (the model is "generating" from then until the release), `closed`
 * when the client closed the connection before the answer was sent (it aborted the call).
 */
export function held(then: FakeStep): {
  step: FakeStep;
  arrived: Promise<void>;
  release: () => void;
  closed: Promise<void>;
} {
  let release!: () => void;
  let reached!: () => void;
  let gone!: () => void;
  const until = new Promise<void>((r) => (release = r));
  const arrived = new Promise<void>((r) => (reached = r));
  const closed = new Promise<void>((r) => (gone = r));
  return { step: { type: "hold", until, arrived: reached, then, closed: gone }, arrived, release, closed };
}
/** The guard pass's structured verdict, as the model's JSON text. */
export const verdict = (
  ok: boolean,
  problem: string | null = null,
  explanation = ok ? "Fine" : "Not allowed",
): FakeStep => say(JSON.stringify({ ok, problem, explanation }));

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: any;
  stream: boolean;
}

export interface FakeModelServer {
  url: string;
  /** Queue the next answers. */
  push(...steps: FakeStep[]): void;
  /** What to answer when the queue is empty (default: a 500 saying the script ran out). */
  fallback: FakeStep;
  /** Delay between streamed chunks, to watch a stream arrive token by token. */
  chunkDelayMs: number;
  requests: RecordedRequest[];
  /** Steps not consumed yet. */
  pending(): number;
  /**
   * The embeddings endpoint's own script: its requests never take a chat step (a responder that
   * embeds its search query would otherwise eat the answer a test queued). When its queue is empty
   * it answers with deterministic vectors (embedding-vectors.ts).
   */
  embeddings: EmbeddingScript;
  reset(): void;
  close(): Promise<void>;
}

export interface EmbeddingScript {
  push(...steps: FakeStep[]): void;
  /** Default `{type: "text"}`: answer with vectors. */
  fallback: FakeStep;
  requests: RecordedRequest[];
  pending(): number;
}

/** A second route on the same fake (the embeddings endpoint) with its own queue. */
export interface SideRoute {
  route: (method: string, path: string) => boolean;
  handle: Handler;
}

export type Handler = (
  req: RecordedRequest,
  step: FakeStep,
  res: http.ServerResponse,
  server: Pick<FakeModelServer, "chunkDelayMs">,
) => Promise<void>;

export const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A small node:http server on an ephemeral port that plays a script and records what it was asked. */
export async function startFakeModel(
  route: (method: string, path: string) => boolean,
  handle: Handler,
  isStream: (path: string, query: URLSearchParams, body: any) => boolean,
  side?: SideRoute,
): Promise<FakeModelServer> {
  const queue: FakeStep[] = [];
  const sideQueue: FakeStep[] = [];
  const embeddings: EmbeddingScript = {
    push: (...steps) => void sideQueue.push(...steps),
    fallback: { type: "text", text: "" },
    requests: [],
    pending: () => sideQueue.length,
  };
  const self: FakeModelServer = {
    url: "",
    push: (...steps) => void queue.push(...steps),
    fallback: { type: "error", status: 500, kind: "server" },
    chunkDelayMs: 0,
    requests: [],
    pending: () => queue.length,
    embeddings,
    reset: () => {
      queue.length = 0;
      self.requests.length = 0;
      sideQueue.length = 0;
      embeddings.requests.length = 0;
      embeddings.fallback = { type: "text", text: "" };
      self.chunkDelayMs = 0;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const isSide = Boolean(side?.route(req.method ?? "GET", url.pathname));
      if (!isSide && !route(req.method ?? "GET", url.pathname)) {
        res.writeHead(404, { "content-type": "application/json" });
        return void res.end(JSON.stringify({ error: { message: `No route ${req.method} ${url.pathname}` } }));
      }
      let body: any = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        body = null;
      }
      const recorded: RecordedRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        stream: !isSide && isStream(url.pathname, url.searchParams, body),
      };
      if (isSide) {
        embeddings.requests.push(recorded);
        const step = sideQueue.shift() ?? embeddings.fallback;
        return void play(recorded, step, res, side!.handle).catch(() => res.destroy());
      }
      self.requests.push(recorded);
      const step = queue.shift() ?? self.fallback;
      play(recorded, step, res, handle).catch(() => res.destroy());
    });
  });
  async function play(req: RecordedRequest, step: FakeStep, res: http.ServerResponse, handler: Handler): Promise<void> {
    if (step.type === "hang") return; // the client aborts; closeAllConnections ends it on close()
    if (step.type === "slow") {
      await wait(step.ms);
      if (res.destroyed) return;
      return play(req, step.then, res, handler);
    }
    if (step.type === "hold") {
      res.once("close", () => {
        if (!res.writableFinished) step.closed?.();
      });
      step.arrived();
      await step.until;
      if (res.destroyed) return; // the client gave up (its timeout) while the answer was held
      return play(req, step.then, res, handler);
    }
    if (step.type === "raw") {
      res.writeHead(step.status, { "content-type": step.contentType ?? "application/json" });
      return void res.end(step.body);
    }
    await handler(req, step, res, self);
  }
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  self.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return self;
}

/** Splits a text into word-sized pieces, as a model streams tokens. */
export function tokens(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [text];
}
