import type { SandboxSpeechTurn } from "@switchboard/contracts";
import { Mic, MicOff } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/api";
import { cn } from "@/lib/utils";
import { useSandboxSpeak, useSandboxSpeechStatus } from "./call-me-queries";

/** A held button longer than this is cut (the clip is sent): one turn, not a monologue. */
const MAX_CLIP_MS = 30_000;
/** Shorter than this is a tap, not speech: nothing is sent. */
const MIN_CLIP_MS = 300;
/** Opus in WebM is what Chromium and Firefox record; Safari records mp4 (both are accepted by the server). */
const MIME = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"];

type State = "idle" | "asking" | "recording" | "sending";

const canRecord = () =>
  typeof window !== "undefined" && "MediaRecorder" in window && !!navigator.mediaDevices?.getUserMedia;

/**
 * Hold to talk (button, or hold Alt+M): the browser records the microphone with MediaRecorder, and
 * the clip goes to the server, which transcribes it with the configured speech recognition and says
 * it as the callee's turn, the same turn typing makes. Without a provider (or a browser that cannot
 * record, or a blocked microphone) it is not offered, and a hint says why.
 */
export function HoldToTalk({
  callId,
  disabled,
  onTurn,
}: {
  callId: string | null;
  disabled: boolean;
  onTurn: (turn: SandboxSpeechTurn) => void;
}) {
  const status = useSandboxSpeechStatus();
  const speak = useSandboxSpeak(callId);
  const [state, setState] = useState<State>("idle");
  const [blocked, setBlocked] = useState<string | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const rec = useRef<{ recorder: MediaRecorder; stream: MediaStream; started: number; timer: number } | null>(null);
  const wantStop = useRef(false);

  const send = useCallback(
    (clip: Blob) => {
      setState("sending");
      speak.mutate(clip, {
        onSuccess: (turn) => {
          setHint(null);
          onTurn(turn);
        },
        onError: (err) => toast.error(`The agent didn't hear that: ${errorMessage(err)}`),
        onSettled: () => setState("idle"),
      });
    },
    [speak, onTurn],
  );

  const stop = useCallback(() => {
    wantStop.current = true;
    const r = rec.current;
    if (r && r.recorder.state !== "inactive") r.recorder.stop();
  }, []);

  const start = useCallback(async () => {
    if (disabled || state !== "idle" || !callId) return;
    wantStop.current = false;
    setState("asking");
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (err) {
      setState("idle");
      setBlocked(
        (err as DOMException)?.name === "NotAllowedError"
          ? "Microphone blocked: allow it for this site in the browser, then reload."
          : `No microphone could be opened (${(err as Error).message}).`,
      );
      return;
    }
    const mimeType = MIME.find((m) => MediaRecorder.isTypeSupported?.(m));
    const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
    const chunks: Blob[] = [];
    recorder.ondataavailable = (e) => {
      if (e.data.size) chunks.push(e.data);
    };
    recorder.onstop = () => {
      const r = rec.current;
      rec.current = null;
      if (r) window.clearTimeout(r.timer);
      for (const t of stream.getTracks()) t.stop();
      const clip = new Blob(chunks, { type: recorder.mimeType || mimeType || "audio/webm" });
      if (!r || Date.now() - r.started < MIN_CLIP_MS || clip.size === 0) {
        setHint("Hold the button while you speak, then let go.");
        return setState("idle");
      }
      send(clip);
    };
    recorder.start();
    rec.current = { recorder, stream, started: Date.now(), timer: window.setTimeout(stop, MAX_CLIP_MS) };
    setState("recording");
    // Released while the permission prompt was open: stop now.
    if (wantStop.current) stop();
  }, [disabled, state, callId, send, stop]);

  // Hold Alt+M anywhere on the page (the text field keeps plain keys for typing).
  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      if (e.altKey && e.code === "KeyM" && !e.repeat) {
        e.preventDefault();
        void start();
      }
    };
    const up = (e: KeyboardEvent) => {
      if (e.code === "KeyM" || e.key === "Alt") stop();
    };
    window.addEventListener("keydown", down);
    window.addEventListener("keyup", up);
    return () => {
      window.removeEventListener("keydown", down);
      window.removeEventListener("keyup", up);
    };
  }, [start, stop]);
  // Leaving the page mid-recording releases the microphone.
  useEffect(
    () => () => {
      const r = rec.current;
      if (r) for (const t of r.stream.getTracks()) t.stop();
    },
    [],
  );

  if (status.isPending) return null;
  const off = status.isError
    ? `Microphone unavailable: ${errorMessage(status.error)}`
    : !status.data.available
      ? `Microphone off. ${status.data.reason ?? ""}`
      : !canRecord()
        ? "Microphone off: this browser cannot record audio here (it needs HTTPS or localhost)."
        : blocked;
  if (off)
    return (
      <p data-testid="callme-mic-hint" className="flex gap-2 text-[12.5px] text-muted-foreground">
        <MicOff className="mt-0.5 size-3.5 shrink-0" aria-hidden /> <span>{off}</span>
      </p>
    );
  const label =
    state === "recording"
      ? "Listening… let go to send"
      : state === "sending"
        ? "Hearing you…"
        : state === "asking"
          ? "Opening the microphone…"
          : "Hold to talk";
  return (
    <div className="space-y-1.5">
      <button
        type="button"
        data-testid="callme-mic"
        data-state={state}
        aria-pressed={state === "recording"}
        aria-keyshortcuts="Alt+M"
        disabled={disabled || !callId || state === "sending"}
        onPointerDown={(e) => {
          e.preventDefault();
          void start();
        }}
        onPointerUp={stop}
        onPointerLeave={() => state === "recording" && stop()}
        onKeyDown={(e) => {
          if ((e.key === " " || e.key === "Enter") && !e.repeat) {
            e.preventDefault();
            void start();
          }
        }}
        onKeyUp={(e) => (e.key === " " || e.key === "Enter") && stop()}
        className={cn(
          "flex w-full select-none items-center justify-center gap-2 rounded-md border px-3 py-2 text-[13px] font-medium transition-colors disabled:opacity-50",
          state === "recording"
            ? "border-red-500 bg-red-500/10 text-red-700 dark:text-red-300"
            : "hover:bg-muted focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
        )}
      >
        {state === "sending" || state === "asking" ? (
          <Spinner className="size-4" />
        ) : (
          <Mic className={cn("size-4", state === "recording" && "animate-pulse text-red-600")} aria-hidden />
        )}
        {label}
      </button>
      <p className="text-[12px] text-muted-foreground" data-testid="callme-mic-note">
        {hint ?? (
          <>
            Or hold <kbd className="rounded border px-1 font-mono text-[11px]">Alt</kbd>+
            <kbd className="rounded border px-1 font-mono text-[11px]">M</kbd>. Your words are transcribed and said as
            the callee's.
          </>
        )}
      </p>
    </div>
  );
}
