import type { CallCategory, CallStatus } from "@switchboard/contracts";

/** Order of a call's life; a status never moves back, and a terminal one is final. */
const RANK: Record<CallStatus, number> = {
  queued: 0,
  dialing: 1,
  initiated: 2,
  ringing: 3,
  in_progress: 4,
  completed: 5,
  busy: 5,
  no_answer: 5,
  failed: 5,
  canceled: 5,
};

export const isTerminal = (s: CallStatus) => RANK[s] === 5;

/** Twilio's CallStatus (form value) as ours; null for a value we do not know. */
export function fromTwilioStatus(s: string | undefined): CallStatus | null {
  switch (s) {
    case "queued":
    case "initiated":
      return "initiated";
    case "ringing":
      return "ringing";
    case "in-progress":
    case "answered":
      return "in_progress";
    case "completed":
      return "completed";
    case "busy":
      return "busy";
    case "no-answer":
      return "no_answer";
    case "failed":
      return "failed";
    case "canceled":
      return "canceled";
    default:
      return null;
  }
}

/** The status after `incoming`, or null when it changes nothing (late, repeated, or after the end). */
export function nextStatus(current: CallStatus, incoming: CallStatus): CallStatus | null {
  if (isTerminal(current)) return null;
  return RANK[incoming] > RANK[current] ? incoming : null;
}

export const isMachine = (answeredBy: string | null | undefined) =>
  !!answeredBy && (answeredBy.startsWith("machine") || answeredBy === "fax");

/** What the dashboard counts: answering-machine detection's verdict first, then the status. */
export function categoryOf(status: CallStatus, answeredBy: string | null | undefined): CallCategory {
  if (isMachine(answeredBy)) return "voicemail";
  switch (status) {
    case "queued":
    case "dialing":
    case "initiated":
      return "queued";
    default:
      return status;
  }
}

/**
 * What AMD's verdict asks of us (DetectMessageEnd: Twilio waits for the end of the greeting).
 * `message`: the greeting ended (beep, silence or otherwise), leave the flow's message now;
 * `hangup`: a fax. machine_start does not come with DetectMessageEnd; human and unknown: the flow runs.
 */
export function machineAction(answeredBy: string | undefined): "message" | "hangup" | null {
  if (answeredBy === "machine_end_beep" || answeredBy === "machine_end_silence" || answeredBy === "machine_end_other")
    return "message";
  if (answeredBy === "fax") return "hangup";
  return null;
}
