import type { CopilotBody, CopilotEvent } from "@switchboard/contracts";
import { ApiError, redirectToLogin, toApiError } from "@/lib/api";

/**
 * Calls the copilot and hands each event to `onEvent` as it arrives (the answer is a
 * text/event-stream of `data: <json>` events). Refusals before the stream starts (a rephrase with
 * the answer matcher, a bad request) come back as JSON errors and throw an ApiError.
 */
export async function streamCopilot(
  conversationId: string,
  body: CopilotBody,
  onEvent: (e: CopilotEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`/api/conversations/${conversationId}/copilot`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify(body),
      credentials: "same-origin",
      signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError(0, "network_error", "Can't reach the server. Check your connection.");
  }
  if (!res.ok) {
    const error = await toApiError(res);
    if (res.status === 401) redirectToLogin();
    throw error;
  }
  if (!res.body) return;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = "";
  const flush = (final: boolean) => {
    let i = buf.indexOf("\n\n");
    while (i >= 0 || (final && buf.trim())) {
      const chunk = i >= 0 ? buf.slice(0, i) : buf;
      buf = i >= 0 ? buf.slice(i + 2) : "";
      for (const line of chunk.split("\n")) {
        if (!line.startsWith("data:")) continue; // comments and other fields
        try {
          onEvent(JSON.parse(line.slice(5).trim()) as CopilotEvent);
        } catch {
          // a torn event: ignore it rather than lose the stream
        }
      }
      i = buf.indexOf("\n\n");
    }
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    flush(false);
  }
  buf += decoder.decode();
  flush(true);
}
