import type { CopilotBody, CopilotEvent } from "@switchboard/contracts";
import { useCallback, useEffect, useRef, useState } from "react";
import { errorMessage } from "@/lib/api";
import { streamCopilot } from "./copilot-stream";

export interface CopilotState {
  status: "idle" | "streaming" | "done" | "error";
  action: CopilotBody["action"] | null;
  /** The streamed text (LLM) so far. */
  text: string;
  /** Whole drafts (the answer matcher's matches, an extractive summary). */
  drafts: { text: string; title: string | null }[];
  sources: { title: string; chunkId: string }[];
  provider: string | null;
  extractive: boolean;
  error: string | null;
}

const idle: CopilotState = {
  status: "idle",
  action: null,
  text: "",
  drafts: [],
  sources: [],
  provider: null,
  extractive: false,
  error: null,
};

/** One copilot request at a time per composer; a new one (or leaving the conversation) cancels the last. */
export function useCopilot(conversationId: string) {
  const [state, setState] = useState<CopilotState>(idle);
  const abort = useRef<AbortController | null>(null);

  const cancel = useCallback(() => {
    abort.current?.abort();
    abort.current = null;
  }, []);
  const close = useCallback(() => {
    cancel();
    setState(idle);
  }, [cancel]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a different conversation starts clean
  useEffect(() => close, [conversationId]);

  const run = useCallback(
    (body: CopilotBody) => {
      cancel();
      const ctl = new AbortController();
      abort.current = ctl;
      setState({ ...idle, status: "streaming", action: body.action });
      const on = (e: CopilotEvent) => {
        if (ctl.signal.aborted) return;
        setState((s) => {
          switch (e.type) {
            case "start":
              return { ...s, provider: e.provider, extractive: e.extractive };
            case "delta":
              return { ...s, text: s.text + e.text };
            case "draft":
              return { ...s, drafts: [...s.drafts, { text: e.text, title: e.title }] };
            case "sources":
              return { ...s, sources: e.sources };
            case "error":
              return { ...s, status: "error", error: e.message };
            case "done":
              return { ...s, status: "done" };
          }
          return s;
        });
      };
      streamCopilot(conversationId, body, on, ctl.signal)
        .then(() => {
          if (!ctl.signal.aborted) setState((s) => (s.status === "streaming" ? { ...s, status: "done" } : s));
        })
        .catch((err) => {
          if (ctl.signal.aborted) return;
          setState((s) => ({ ...s, status: "error", error: errorMessage(err) }));
        });
    },
    [cancel, conversationId],
  );

  return { state, run, cancel, close };
}
