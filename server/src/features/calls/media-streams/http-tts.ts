import { Framer } from "./mulaw";

/** ElevenLabs HTTP streaming as raw μ-law (providers.ts). */
export type SpeakHttp = (text: string, signal: AbortSignal) => AsyncIterable<Uint8Array>;

/**
 * TTS for one line over HTTP, as 20 ms frames; yields null (and stops) when the first audio did not
 * come within `timeoutMs` or the request failed: the caller plays the filler.
 */
export async function* synthesize(speak: SpeakHttp, text: string, parent: AbortSignal, timeoutMs: number) {
  const controller = new AbortController();
  const abort = () => controller.abort();
  parent.addEventListener("abort", abort, { once: true });
  const it = speak(text, controller.signal)[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<"timeout">((r) => {
      timer = setTimeout(() => r("timeout"), timeoutMs);
    });
    const first = await Promise.race([it.next(), timeout]).catch(() => "timeout" as const);
    clearTimeout(timer);
    if (first === "timeout") {
      controller.abort();
      void it.return?.(undefined).catch(() => {});
      yield null;
      return;
    }
    const framer = new Framer();
    let step: IteratorResult<Uint8Array> = first;
    while (!step.done) {
      for (const f of framer.push(step.value)) yield f;
      step = await it.next();
    }
    const last = framer.flush();
    if (last) yield last;
  } finally {
    clearTimeout(timer);
    parent.removeEventListener("abort", abort);
  }
}

/**
 * A sentence's audio fetched ahead: the request starts when this is made and its frames are kept
 * until the sentence's turn to play, so sentence n+1's TTS time overlaps sentence n's playback
 * instead of being a gap after it. `read()` replays the frames (null last when it stalled).
 */
export class Prefetch {
  private frames: Uint8Array[] = [];
  private done = false;
  private stalled = false;
  private wake: (() => void) | null = null;

  constructor(source: AsyncIterable<Uint8Array | null>) {
    void this.pump(source);
  }

  private async pump(source: AsyncIterable<Uint8Array | null>) {
    try {
      for await (const f of source) {
        if (f === null) {
          this.stalled = true;
          break;
        }
        this.frames.push(f);
        this.wake?.();
      }
    } catch {
      // A failed stream counts as a stall: the filler covers it and the sentence is retried.
      this.stalled = true;
    } finally {
      this.done = true;
      this.wake?.();
    }
  }

  async *read(): AsyncGenerator<Uint8Array | null> {
    let i = 0;
    for (;;) {
      while (i < this.frames.length) yield this.frames[i++]!;
      if (this.done) {
        if (this.stalled) yield null;
        return;
      }
      await new Promise<void>((r) => (this.wake = r));
      this.wake = null;
    }
  }
}
