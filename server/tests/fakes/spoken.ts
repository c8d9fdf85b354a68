// The scripted callee's voice: a line of text spoken by espeak-ng, resampled to 8 kHz and G.711
// μ-law encoded into 20 ms frames of 160 bytes, as Twilio's Media Streams sends a caller's audio.
// Real speech (onsets, word gaps, fricatives quieter than vowels) is what the engine's VAD has to
// segment; a steady tone would pass any gate. A fresh machine without espeak-ng still runs
// `npm test`: the callee then falls back to tone bursts, and the source used is logged once.
import { spawnSync } from "node:child_process";
import { FRAME_BYTES, frameEnergy, linearToUlaw } from "../../src/features/calls/media-streams/mulaw";

export const SPEECH = Buffer.alloc(FRAME_BYTES, 0);
for (let i = 0; i < FRAME_BYTES; i++) SPEECH[i] = linearToUlaw(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000));
export const SILENCE = Buffer.alloc(FRAME_BYTES, 0xff);
/** Tone-burst length when espeak-ng is missing (what the callee spoke before it had a voice). */
export const TONE_FRAMES = 15;

/** PCM samples of a RIFF/WAVE file (16-bit mono PCM only: what espeak-ng writes). */
export function parseWav(wav: Buffer): { rate: number; samples: Int16Array } {
  if (wav.toString("ascii", 0, 4) !== "RIFF" || wav.toString("ascii", 8, 12) !== "WAVE")
    throw new Error("not a WAV file");
  let rate = 0;
  for (let at = 12; at + 8 <= wav.length; ) {
    const id = wav.toString("ascii", at, at + 4);
    const size = wav.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === "fmt ") {
      const format = wav.readUInt16LE(body);
      const channels = wav.readUInt16LE(body + 2);
      const bits = wav.readUInt16LE(body + 14);
      if (format !== 1 || channels !== 1 || bits !== 16)
        throw new Error(`unsupported WAV: format ${format}, ${channels} ch, ${bits} bit`);
      rate = wav.readUInt32LE(body + 4);
    } else if (id === "data") {
      if (!rate) throw new Error("WAV data before fmt");
      // espeak-ng --stdout cannot seek back, so its data size is a placeholder (0x7ffff000): the
      // data runs to the end of the file.
      const end = Math.min(wav.length, body + size);
      const samples = new Int16Array((end - body) >> 1);
      for (let i = 0; i < samples.length; i++) samples[i] = wav.readInt16LE(body + i * 2);
      return { rate, samples };
    }
    at = body + size + (size & 1);
  }
  throw new Error("WAV without data");
}

/**
 * To 8 kHz: a moving-average low-pass over one output period (a box filter: its first null sits at
 * 8 kHz, cheap and enough to keep 22 kHz sibilance from folding into the band the VAD measures),
 * then linear interpolation at the 8 kHz sample instants.
 */
export function resampleTo8k(samples: Int16Array, rate: number): Float64Array {
  const width = Math.max(1, Math.round(rate / 8000));
  const smooth = new Float64Array(samples.length);
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    sum += samples[i]!;
    if (i >= width) sum -= samples[i - width]!;
    smooth[i] = sum / Math.min(i + 1, width);
  }
  const out = new Float64Array(Math.floor((samples.length * 8000) / rate));
  for (let j = 0; j < out.length; j++) {
    const x = (j * rate) / 8000;
    const i = Math.floor(x);
    const a = smooth[i] ?? 0;
    const b = smooth[i + 1] ?? a;
    out[j] = a + (b - a) * (x - i);
  }
  return out;
}

/** μ-law frames of 8 kHz samples, the last one padded with μ-law silence. */
export function toUlawFrames(pcm: Float64Array): Buffer[] {
  const frames: Buffer[] = [];
  for (let at = 0; at < pcm.length; at += FRAME_BYTES) {
    const f = Buffer.from(SILENCE);
    for (let i = 0; i < FRAME_BYTES && at + i < pcm.length; i++) f[i] = linearToUlaw(pcm[at + i]!);
    frames.push(f);
  }
  return frames;
}

let source: "espeak-ng" | "tone" | null = null;
const cache = new Map<string, Buffer[]>();

/** Which voice the callee has: espeak-ng when it runs (SPOKEN_FORCE_TONE=1 hides it, for checking the fallback). */
export function voiceSource(): "espeak-ng" | "tone" {
  if (source) return source;
  const probe =
    process.env.SPOKEN_FORCE_TONE === "1" ? null : spawnSync("espeak-ng", ["--version"], { encoding: "utf8" });
  source = probe && probe.status === 0 ? "espeak-ng" : "tone";
  console.info(
    source === "espeak-ng"
      ? `test callee speaks with ${probe!.stdout.split(/\s{2,}|\n/)[0]}`
      : `test callee plays tone bursts (${process.env.SPOKEN_FORCE_TONE === "1" ? "SPOKEN_FORCE_TONE=1" : "espeak-ng not installed"})`,
  );
  return source;
}

/** A line as the caller's 20 ms μ-law frames (raw bytes; `spokenPayloads` gives Twilio's base64). */
export function spokenFrames(text: string): Buffer[] {
  const hit = cache.get(text);
  if (hit) return hit;
  let frames: Buffer[];
  if (voiceSource() === "tone") frames = Array.from({ length: TONE_FRAMES }, () => SPEECH);
  else {
    // Synchronous on purpose: the callee's turn is sent back to back, and the result is cached per
    // text, so each line costs one short spawn per test process.
    const run = spawnSync("espeak-ng", ["--stdout", "-v", "en-us", text], { maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`espeak-ng failed: ${String(run.stderr)}`);
    const { rate, samples } = parseWav(run.stdout);
    frames = toUlawFrames(resampleTo8k(samples, rate));
    // espeak-ng ends a line with ~350 ms of digital silence; dropped, so the silence that ends the
    // turn is the caller's `silenceFrames` alone (pauses inside the line stay: they are the point).
    while (frames.length > 1 && frameEnergy(frames.at(-1)!) < 50) frames.pop();
  }
  cache.set(text, frames);
  return frames;
}

/** The frames' media.payload strings, base64 as Twilio sends them. */
export const spokenPayloads = (text: string) => spokenFrames(text).map((f) => f.toString("base64"));
