import type { Call } from "@switchboard/contracts";
import { Badge } from "@/components/ui/badge";

const transferState: Record<NonNullable<Call["transfer"]>["state"], string> = {
  pending: "Preparing the transfer…",
  dialing: "Dialling",
  connected: "Connected",
  failed: "Failed",
};
const followUpState: Record<NonNullable<Call["followUp"]>["state"], string> = {
  pending: "Sending…",
  sent: "Sent",
  failed: "Failed",
  skipped: "Not sent",
};

/**
 * What telephony and the flow did around the conversation: the voicemail (message left: yes/no),
 * the transfer with the summary whispered to the human, and the follow-up WhatsApp. Nothing when
 * none of them happened.
 */
export function CallHandling({ call }: { call: Call }) {
  const { voicemail, transfer, followUp } = call;
  if (!voicemail && !transfer && !followUp) return null;
  return (
    <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-2 border-t pt-3 text-[13px]" data-testid="call-handling">
      {voicemail ? (
        <div className="contents" data-testid="call-voicemail">
          <dt className="text-muted-foreground">Voicemail</dt>
          <dd className="min-w-0 break-words">
            {voicemail.state === "pending"
              ? "Waiting for the beep…"
              : `Message left: ${voicemail.messageLeft ? "yes" : "no"}`}
            {voicemail.reason ? <span className="text-muted-foreground"> ({voicemail.reason})</span> : null}
          </dd>
        </div>
      ) : null}
      {transfer ? (
        <div className="contents" data-testid="call-transfer">
          <dt className="text-muted-foreground">Transfer</dt>
          <dd className="min-w-0 space-y-1 break-words">
            <p>
              <Badge
                variant={
                  transfer.state === "failed" ? "danger" : transfer.state === "connected" ? "success" : "secondary"
                }
              >
                {transferState[transfer.state]}
              </Badge>{" "}
              to {transfer.to || "—"}
              {transfer.reason ? <span className="text-muted-foreground">: {transfer.reason}</span> : null}
            </p>
            {transfer.summary ? (
              <p className="rounded-md bg-muted px-2 py-1.5" data-testid="call-transfer-summary">
                <span className="text-muted-foreground">Whispered: </span>
                {transfer.summary}
              </p>
            ) : null}
          </dd>
        </div>
      ) : null}
      {followUp ? (
        <div className="contents" data-testid="call-follow-up">
          <dt className="text-muted-foreground">Follow-up WhatsApp</dt>
          <dd className="min-w-0 break-words">
            <Badge
              variant={followUp.state === "sent" ? "success" : followUp.state === "failed" ? "danger" : "secondary"}
            >
              {followUpState[followUp.state]}
            </Badge>
            {followUp.reason ? <span className="text-muted-foreground"> {followUp.reason}</span> : null}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

/** The post-call transcript OpenAI made from the stored recording (not the live turns), or why there is none. */
export function RecordingTranscript({ call }: { call: Call }) {
  const t = call.transcript;
  if (!t) return null;
  return (
    <div className="space-y-1 text-[13px]" data-testid="call-recording-transcript">
      <h3 className="font-medium">Transcript of the recording</h3>
      {t.state === "pending" ? (
        <p className="text-muted-foreground">Transcribing the recording…</p>
      ) : t.state === "done" ? (
        <p className="scrollbar-thin max-h-48 overflow-y-auto whitespace-pre-wrap rounded-md bg-muted px-2 py-1.5">
          {t.text || "(the transcription found no speech)"}
        </p>
      ) : (
        <p className="text-muted-foreground">
          {t.state === "skipped" ? "Skipped" : "Failed"}: {t.reason}
        </p>
      )}
    </div>
  );
}
