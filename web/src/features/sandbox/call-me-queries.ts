import type { SandboxSpeechStatus, SandboxSpeechTurn, SandboxTurn } from "@switchboard/contracts";
import { useMutation, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api";

/** "Call me": start a sandbox call to a contact (the agent's greeting comes back). */
export function useStartSandboxCall() {
  return useMutation({
    mutationFn: (contactId: string) => api<SandboxTurn>("/api/calls/sandbox", { method: "POST", body: { contactId } }),
  });
}

/** The callee's words; the agent's reply (and the end, when the flow ends) comes back. */
export function useSandboxSay(callId: string | null) {
  return useMutation({
    mutationFn: (text: string) => api<SandboxTurn>(`/api/calls/${callId}/sandbox`, { method: "POST", body: { text } }),
  });
}

/** The callee hangs up before the flow ends. */
export function useSandboxHangUp(callId: string | null) {
  return useMutation({
    mutationFn: () => api<SandboxTurn>(`/api/calls/${callId}/sandbox/hang-up`, { method: "POST" }),
  });
}

/** Whether the microphone can be offered (a speech-recognition provider is configured), and why not. */
export function useSandboxSpeechStatus() {
  return useQuery({
    queryKey: ["sandbox", "speech"],
    queryFn: ({ signal }) => api<SandboxSpeechStatus>("/api/calls/sandbox/speech", { signal }),
    staleTime: 60_000,
  });
}

/** A recorded clip: transcribed on the server and said as the callee's turn. */
export function useSandboxSpeak(callId: string | null) {
  return useMutation({
    mutationFn: (clip: Blob) => {
      const form = new FormData();
      const name = clip.type.includes("ogg") ? "speech.ogg" : clip.type.includes("mp4") ? "speech.m4a" : "speech.webm";
      form.append("file", new File([clip], name, { type: clip.type }));
      return api<SandboxSpeechTurn>(`/api/calls/${callId}/sandbox/speech`, { method: "POST", body: form });
    },
  });
}
