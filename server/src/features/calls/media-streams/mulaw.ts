/** G.711 μ-law, 8 kHz mono: 160 bytes = one 20 ms frame (what Twilio sends and plays). */
export const FRAME_BYTES = 160;

const DECODE = new Int16Array(256);
for (let i = 0; i < 256; i++) {
  const u = ~i & 0xff;
  const exp = (u >> 4) & 7;
  const s = ((((u & 0x0f) << 3) + 0x84) << exp) - 0x84;
  DECODE[i] = u & 0x80 ? -s : s;
}

export const ulawToLinear = (byte: number) => DECODE[byte & 0xff]!;

export function linearToUlaw(sample: number): number {
  let s = Math.max(-32635, Math.min(32635, Math.round(sample)));
  const sign = s < 0 ? 0x80 : 0;
  if (sign) s = -s;
  s += 0x84;
  let exp = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exp > 0; exp--, mask >>= 1);
  return ~(sign | (exp << 4) | ((s >> (exp + 3)) & 0x0f)) & 0xff;
}

/** Root-mean-square level of a μ-law frame, in linear 16-bit units. */
export function frameEnergy(frame: Uint8Array): number {
  let sum = 0;
  for (const b of frame) {
    const v = DECODE[b]!;
    sum += v * v;
  }
  return frame.length ? Math.sqrt(sum / frame.length) : 0;
}

/** A WAV file (16-bit PCM, 8 kHz mono) of μ-law audio: what the transcription endpoint accepts. */
export function ulawToWav(ulaw: Uint8Array): Buffer {
  const out = Buffer.alloc(44 + ulaw.length * 2);
  out.write("RIFF", 0);
  out.writeUInt32LE(36 + ulaw.length * 2, 4);
  out.write("WAVEfmt ", 8);
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(8000, 24);
  out.writeUInt32LE(16000, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write("data", 36);
  out.writeUInt32LE(ulaw.length * 2, 40);
  for (let i = 0; i < ulaw.length; i++) out.writeInt16LE(DECODE[ulaw[i]!]!, 44 + i * 2);
  return out;
}

/** Splits a byte stream into whole 20 ms frames, keeping the remainder for the next chunk. */
export class Framer {
  private rest = new Uint8Array(0);
  push(chunk: Uint8Array): Uint8Array[] {
    const all = new Uint8Array(this.rest.length + chunk.length);
    all.set(this.rest);
    all.set(chunk, this.rest.length);
    const frames: Uint8Array[] = [];
    let i = 0;
    for (; i + FRAME_BYTES <= all.length; i += FRAME_BYTES) frames.push(all.subarray(i, i + FRAME_BYTES));
    this.rest = all.slice(i);
    return frames;
  }
  /** The last partial frame, padded with μ-law silence (0xFF). */
  flush(): Uint8Array | null {
    if (!this.rest.length) return null;
    const f = new Uint8Array(FRAME_BYTES).fill(0xff);
    f.set(this.rest);
    this.rest = new Uint8Array(0);
    return f;
  }
}
