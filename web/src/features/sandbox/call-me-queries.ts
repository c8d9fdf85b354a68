import type { SandboxTurn } from "@switchboard/contracts";
import { useMutation } from "@tanstack/react-query";
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
