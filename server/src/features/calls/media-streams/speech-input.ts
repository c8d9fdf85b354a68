import type { Config } from "../../../config";
import type { MediaProviders } from "./providers";
import type { RealtimeSttEvents, RealtimeSttSession } from "./realtime-stt";
import { EnergyVad } from "./vad";

export interface HeardTurn {
  text: string;
  endOfTurnAt: number;
  asrMs: number;
}

export interface SpeechInputEnv {
  cfg: Config["mediaStreams"];
  providers: MediaProviders;
  language: string;
  signal: AbortSignal;
  /** The callee started speaking (barge-in when our audio is outstanding). */
  speechStarted(): void;
  /** A callee turn; the thunk yields its text (file transcription runs inside it, in turn order). */
  turn(heard: () => Promise<HeardTurn | null>): void;
  /** Something worth keeping on the call's timeline (and in the log). */
  note(level: "info" | "warn", summary: string, details: Record<string, unknown>): void;
}

/**
 * The callee's side of the call: frames go to the OpenAI realtime transcription session (its
 * server VAD ends turns and starts barge-ins) and, always, through the local energy VAD, which
 * becomes the source of turns with file transcription when the session cannot be opened or drops.
 * A session lives at most 30 minutes (OpenAI's limit), so it is replaced before then: a new one is
 * opened, new frames go to it once it is configured, and the old one gets `commit` (so speech in
 * progress is transcribed) and is closed after its last transcript.
 */
export class SpeechInput {
  mode: "file" | "opening" | "realtime" = "file";
  private vad: EnergyVad;
  private turnFrames: Uint8Array[] = [];
  private preRoll: Uint8Array[] = [];
  private lastTurn: { audio: Buffer; endOfTurnAt: number } | null = null;
  private session: RealtimeSttSession | null = null;
  private rotation: NodeJS.Timeout | null = null;
  private sessions = 0;

  constructor(private readonly env: SpeechInputEnv) {
    this.vad = new EnergyVad({ threshold: env.cfg.vadThreshold, startFrames: 3, silenceMs: env.cfg.endOfTurnMs });
  }

  start() {
    if (this.env.providers.realtime) void this.openSession();
  }

  private events(session: () => RealtimeSttSession | null): RealtimeSttEvents {
    // Events of a session being replaced still count (its last transcript), except a drop.
    return {
      speechStarted: () => this.env.speechStarted(),
      speechStopped: () => {},
      transcript: (text, stoppedAt) => {
        const at = stoppedAt ?? performance.now();
        const heard = { text: text.trim(), endOfTurnAt: at, asrMs: performance.now() - at };
        this.env.turn(async () => heard);
      },
      dropped: (reason) => {
        const dropped = session();
        if (!dropped || dropped !== this.session) return;
        const owed = dropped.pendingTranscripts > 0;
        this.fallBack(`realtime transcription dropped (${reason}): file transcription used`, reason, owed);
      },
    };
  }

  private async openSession() {
    const first = this.sessions === 0;
    if (first) this.mode = "opening";
    let opened: RealtimeSttSession | null = null;
    try {
      opened = await this.env.providers.realtime!(
        this.env.language,
        this.events(() => opened),
      );
    } catch (err) {
      if (first) return this.fallBack("realtime transcription failed to open: file transcription used", err, false);
      // A replacement that fails keeps the current session until it ends (then the file path).
      this.env.note("warn", "realtime transcription could not be renewed", { reason: String(err) });
      return;
    }
    if (this.env.signal.aborted) return opened.close();
    this.sessions++;
    const old = this.session;
    this.session = opened;
    this.mode = "realtime";
    if (old) {
      old.commit();
      void this.closeWhenDone(old);
      this.env.note("info", "realtime transcription session renewed", { sessions: this.sessions });
    }
    this.rotation = setTimeout(() => void this.openSession(), this.env.cfg.sttSessionMs);
  }

  private async closeWhenDone(old: RealtimeSttSession) {
    const end = performance.now() + 10_000;
    while (old.pendingTranscripts > 0 && performance.now() < end) await new Promise((r) => setTimeout(r, 50));
    old.close();
  }

  private fallBack(summary: string, err: unknown, owed: boolean) {
    const reason = err instanceof Error ? err.message : String(err);
    this.session = null;
    this.mode = "file";
    if (this.rotation) clearTimeout(this.rotation);
    this.env.note("warn", summary, { reason });
    // A turn the session heard end but never transcribed is transcribed from our own copy.
    if (owed && this.lastTurn && !this.vad.speaking) this.fileTurn(this.lastTurn.audio, this.lastTurn.endOfTurnAt);
  }

  private fileTurn(audio: Buffer, endOfTurnAt: number) {
    this.env.turn(async () => {
      const asked = performance.now();
      const text = (await this.env.providers.transcribe(audio, this.env.language, this.env.signal)).trim();
      return { text, endOfTurnAt, asrMs: performance.now() - asked };
    });
  }

  /** One Twilio media payload (base64 μ-law). */
  frame(payload: string) {
    const realtime = this.mode === "realtime" && this.session;
    if (realtime) this.session!.append(payload);
    const frame = Buffer.from(payload, "base64");
    const event = this.vad.push(frame);
    if (event === "speech_start") {
      this.turnFrames = [...this.preRoll, frame];
      if (!realtime) this.env.speechStarted();
    } else if (this.vad.speaking) this.turnFrames.push(frame);
    else if (event === "speech_end") {
      const endOfTurnAt = performance.now();
      const audio = Buffer.concat(this.turnFrames);
      this.turnFrames = [];
      this.lastTurn = { audio, endOfTurnAt };
      if (!realtime) this.fileTurn(audio, endOfTurnAt);
    } else {
      this.preRoll.push(frame);
      if (this.preRoll.length > 3) this.preRoll.shift();
    }
  }

  close() {
    if (this.rotation) clearTimeout(this.rotation);
    this.session?.close();
    this.session = null;
  }
}
