import type { AiTestBatchResult, AiTestResult, UpdateAiSettingsBody } from "@switchboard/contracts";
import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/api";

export function useAiTest() {
  return useMutation({
    mutationFn: (v: { question: string; settings?: UpdateAiSettingsBody }) =>
      api<AiTestResult>("/api/ai/test", { method: "POST", body: v }),
  });
}

export const testBatch = (questions: string[], settings: UpdateAiSettingsBody | undefined, signal: AbortSignal) =>
  api<AiTestBatchResult>("/api/ai/test/batch", { method: "POST", body: { questions, settings }, signal });
