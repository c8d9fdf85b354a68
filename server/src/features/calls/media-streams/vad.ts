import { frameEnergy } from "./mulaw";

export interface VadOptions {
  /** RMS level (linear 16-bit) above which a frame counts as voice. */
  threshold: number;
  /** Consecutive loud frames before speech is declared (filters clicks). */
  startFrames: number;
  /** Quiet time after speech that ends the turn. */
  silenceMs: number;
}

export type VadEvent = "speech_start" | "speech_end" | null;

/**
 * Energy voice-activity detection on 20 ms μ-law frames. Deliberately simple: a phone line is
 * narrowband and level-normalised, an RMS gate with a start count and a silence hangover costs
 * microseconds per frame, needs no model runtime, and behaves deterministically on test audio.
 * A model VAD (or the realtime session's server VAD) can replace it behind the same events.
 */
export class EnergyVad {
  private loud = 0;
  private quietMs = 0;
  speaking = false;
  constructor(private readonly opts: VadOptions) {}

  push(frame: Uint8Array): VadEvent {
    const voiced = frameEnergy(frame) >= this.opts.threshold;
    const ms = (frame.length / 8000) * 1000;
    if (!this.speaking) {
      this.loud = voiced ? this.loud + 1 : 0;
      if (this.loud >= this.opts.startFrames) {
        this.speaking = true;
        this.quietMs = 0;
        return "speech_start";
      }
      return null;
    }
    this.quietMs = voiced ? 0 : this.quietMs + ms;
    if (this.quietMs >= this.opts.silenceMs) {
      this.speaking = false;
      this.loud = 0;
      return "speech_end";
    }
    return null;
  }
}
