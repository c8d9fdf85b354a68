import { type SpeakHttp, Prefetch, synthesize } from "./http-tts";
import { Framer } from "./mulaw";
import type { TtsAudio, TtsSocket } from "./tts-socket";

const SENTENCE = /^(.*?[.!?])\s+(.*)$/s;
const nonSpace = (s: string) => s.replace(/\s+/g, "").length;

/** What a reply needs from its session: the Twilio socket, the call's log and the filler. */
export interface ReplyEnv {
  sendMedia(frame: Uint8Array): void;
  sendMark(name: string): void;
  nextMark(kind: "seg" | "filler"): string;
  firstAudio(): void;
  speakHttp: SpeakHttp;
  ttsTimeoutMs: number;
  /** Plays the cached filler line and logs the stall (warn, and on the call). */
  stalled(text: string, transport: "ws" | "http"): Promise<void>;
  failed(text: string): void;
}

interface Sentence {
  text: string;
  /** Non-space characters of the reply up to this sentence's end (matched against alignment). */
  end: number;
  prefetch?: Prefetch;
}

/**
 * One agent reply played to Twilio, with a mark after each sentence: the marks Twilio echoes tell
 * what was played (barge-in keeps only those). Over an ElevenLabs socket the LLM's text goes out as
 * it streams and the audio's alignment places the marks; over HTTP each sentence is one request and
 * sentence n+1 is fetched while n is sent. A socket that stalls plays the filler and the rest of the
 * reply goes over HTTP.
 */
export class Reply {
  readonly controller = new AbortController();
  readonly segments = new Map<string, string>();
  readonly played: string[] = [];
  readonly outstanding = new Set<string>();
  generating = true;
  cut = false;
  private buffer = "";
  private count = 0;
  private sentences: Sentence[] = [];
  /** Sentences whose mark was sent (the rest of `sentences` is still to be played). */
  private marked = 0;
  private httpChain: Promise<void> = Promise.resolve();
  private httpFrom = -1;
  /** The HTTP sentence being sent now: the one after it is the only one fetched ahead. */
  private sayingIdx = -1;
  private wsDone: Promise<void> | null = null;

  constructor(
    private readonly env: ReplyEnv,
    private socket: TtsSocket | null,
  ) {
    if (socket) this.wsDone = this.pumpSocket(socket);
  }

  /** Text as the runner streams it. */
  push(text: string) {
    if (this.cut) return;
    this.buffer += text;
    if (this.socket) this.socket.text(text);
    for (let m = SENTENCE.exec(this.buffer); m; m = SENTENCE.exec(this.buffer)) {
      this.buffer = m[2]!;
      this.sentence(m[1]!.trim());
    }
  }

  /** The text is complete: everything is said (awaited, so the first frame is inside the turn). */
  async finish() {
    const rest = this.buffer.trim();
    this.buffer = "";
    if (rest && !this.cut) this.sentence(rest);
    this.ended = true;
    this.sentenceWake?.();
    // A reply with no words (the flow just ended) has no audio to wait for.
    if (this.sentences.length === 0) this.socket?.close();
    else this.socket?.end();
    await this.wsDone;
    await this.httpChain;
    this.generating = false;
  }

  abort() {
    this.cut = true;
    this.controller.abort();
    this.socket?.close();
  }

  private sentence(text: string) {
    this.count += nonSpace(text);
    const s: Sentence = { text, end: this.count };
    this.sentences.push(s);
    if (this.socket) {
      this.socket.text(" ", { flush: true });
      this.sentenceWake?.();
    } else this.queueHttp(this.sentences.length - 1);
  }

  private mark(text: string, kind: "seg" | "filler" = "seg") {
    const name = this.env.nextMark(kind);
    if (kind === "seg") this.segments.set(name, text);
    this.outstanding.add(name);
    this.env.sendMark(name);
  }

  // --- WebSocket: the whole reply on one socket ---------------------------------------------

  private async pumpSocket(socket: TtsSocket) {
    try {
      await socket.ready;
    } catch {
      // Refused at the handshake (the session logged it): this reply goes over HTTP, no filler.
      this.socket = null;
      for (let i = this.marked; i < this.sentences.length; i++) this.queueHttp(i);
      return;
    }
    const framer = new Framer();
    const send = (bytes: Uint8Array) => {
      for (const f of framer.push(bytes)) this.env.sendMedia(f);
    };
    const endSegment = () => {
      const last = framer.flush();
      if (last) this.env.sendMedia(last);
    };
    let received = 0;
    let heard = false;
    let wasOwed = false;
    let lastProgress = performance.now();
    const it = socket.audio(this.controller.signal)[Symbol.asyncIterator]();
    let next = it.next();
    try {
      for (;;) {
        // Audio is owed once a sentence has been flushed (or the stream ended); the clock restarts
        // with every chunk, so a socket that goes quiet mid-reply is a stall too.
        const owed = this.sentences.length > this.marked || this.ended;
        if (owed && !wasOwed) lastProgress = performance.now();
        wasOwed = owed;
        let timer: NodeJS.Timeout | undefined;
        const waits: Promise<IteratorResult<TtsAudio> | "sentence" | "stall">[] = [next, this.sentenceAdded()];
        if (owed)
          waits.push(
            new Promise((r) => {
              timer = setTimeout(
                () => r("stall"),
                Math.max(0, this.env.ttsTimeoutMs - (performance.now() - lastProgress)),
              );
            }),
          );
        const step = await Promise.race(waits);
        clearTimeout(timer);
        if (this.cut) return;
        if (step === "sentence") continue;
        if (step === "stall") {
          // Everything was heard and only isFinal is missing: not a stall, the reply is complete.
          if (this.marked === this.sentences.length) break;
          return await this.socketStalled(socket, "no audio in time");
        }
        next = it.next();
        if (step.done) break;
        lastProgress = performance.now();
        const a: TtsAudio = step.value;
        if (!heard) {
          heard = true;
          this.env.firstAudio();
        }
        let offset = 0;
        if (a.chars && a.charEndsMs)
          for (let i = 0; i < a.chars.length; i++) {
            if (/\s/.test(a.chars[i]!)) continue;
            received++;
            while (this.marked < this.sentences.length && received >= this.sentences[this.marked]!.end) {
              // 8 μ-law bytes per millisecond: the sentence's last character ends here in the chunk.
              const split = Math.min(a.audio.length, Math.max(offset, Math.round(a.charEndsMs[i]! * 8)));
              send(a.audio.subarray(offset, split));
              offset = split;
              endSegment();
              this.mark(this.sentences[this.marked++]!.text);
            }
          }
        send(a.audio.subarray(offset));
      }
      endSegment();
      // No alignment (or fewer characters than sent): what is left is one segment.
      if (this.marked < this.sentences.length) {
        const rest = this.sentences.slice(this.marked).map((s) => s.text);
        this.marked = this.sentences.length;
        this.mark(rest.join(" "));
      }
    } catch (err) {
      // A socket that closes once everything was heard (and no text is left) is not a failure.
      if (this.cut || (this.ended && this.marked === this.sentences.length)) return;
      await this.socketStalled(socket, (err as Error).message);
    } finally {
      socket.close();
    }
  }

  private ended = false;
  private sentenceWake: (() => void) | null = null;
  private sentenceAdded() {
    return new Promise<"sentence">((r) => {
      this.sentenceWake = () => r("sentence");
    });
  }

  /** The socket stalled or failed: filler, then the unplayed sentences (and the rest) over HTTP. */
  private async socketStalled(socket: TtsSocket, reason: string) {
    socket.close();
    this.socket = null;
    if (this.cut) return;
    const pending = this.sentences[this.marked]?.text ?? this.buffer.trim();
    await this.env.stalled(`${pending} (${reason})`, "ws");
    for (let i = this.marked; i < this.sentences.length; i++) this.queueHttp(i);
  }

  // --- HTTP: one request per sentence, the next fetched while this one is sent ---------------

  private queueHttp(i: number) {
    if (this.httpFrom < 0) {
      this.httpFrom = i;
      this.sayingIdx = i - 1;
    }
    // One ahead: the sentence after the one now being sent starts its request at once.
    if (i <= this.sayingIdx + 1) this.startHttp(i);
    this.httpChain = this.httpChain.then(() => this.sayHttp(i));
  }

  private startHttp(i: number) {
    const s = this.sentences[i];
    if (!s || s.prefetch || this.cut) return;
    s.prefetch = new Prefetch(synthesize(this.env.speakHttp, s.text, this.controller.signal, this.env.ttsTimeoutMs));
  }

  private async sayHttp(i: number) {
    const s = this.sentences[i]!;
    this.sayingIdx = i;
    for (let attempt = 0; attempt < 2 && !this.cut; attempt++) {
      if (attempt === 0) this.startHttp(i);
      const source =
        attempt === 0
          ? s.prefetch!
          : new Prefetch(synthesize(this.env.speakHttp, s.text, this.controller.signal, this.env.ttsTimeoutMs));
      this.startHttp(i + 1);
      let stalled = false;
      for await (const f of source.read()) {
        if (this.cut) return;
        if (!f) {
          stalled = true;
          break;
        }
        this.env.sendMedia(f);
        this.env.firstAudio();
      }
      if (!stalled) {
        this.marked = Math.max(this.marked, i + 1);
        return this.mark(s.text);
      }
      await this.env.stalled(s.text, "http");
    }
    if (!this.cut) this.env.failed(s.text);
  }

  /** The filler's frames, played as their own segment (its mark is not a sentence). */
  playFiller(frames: Uint8Array) {
    for (let i = 0; i < frames.length; i += 160) this.env.sendMedia(frames.subarray(i, i + 160));
    this.env.firstAudio();
    this.mark("", "filler");
  }
}
