// The scripted callee's voice (fakes/spoken.ts): WAV parsing takes the rate from the header and
// reads past espeak-ng's placeholder data size, resampling keeps duration and level, and a spoken
// line has the shape the VAD tests rely on (voiced onset, a pause inside, no trailing silence).
import { describe, expect, it } from "vitest";
import { EnergyVad } from "../src/features/calls/media-streams/vad";
import { frameEnergy } from "../src/features/calls/media-streams/mulaw";
import {
  parseWav,
  resampleTo8k,
  SPEECH,
  spokenFrames,
  spokenPayloads,
  TONE_FRAMES,
  toUlawFrames,
  voiceSource,
} from "./fakes/spoken";

function wav(rate: number, samples: number[], dataSize = samples.length * 2) {
  const out = Buffer.alloc(44 + samples.length * 2);
  out.write("RIFF", 0);
  out.writeUInt32LE(0x7ffff000, 4);
  out.write("WAVEfmt ", 8);
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(rate, 24);
  out.writeUInt32LE(rate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write("data", 36);
  out.writeUInt32LE(dataSize, 40);
  for (const [i, v] of samples.entries()) out.writeInt16LE(v, 44 + i * 2);
  return out;
}

const sine = (rate: number, hz: number, n: number, amp = 8000) =>
  Array.from({ length: n }, (_v, i) => Math.round(amp * Math.sin((2 * Math.PI * hz * i) / rate)));

describe("spoken callee audio", () => {
  it("parses the rate from the RIFF header and reads to the end past a placeholder data size", () => {
    const parsed = parseWav(wav(16_000, sine(16_000, 300, 1600), 0x7ffff000));
    expect(parsed.rate).toBe(16_000);
    expect(parsed.samples.length).toBe(1600);
    expect(() => parseWav(Buffer.from("not a wav at all, not at all"))).toThrow("not a WAV file");
  });

  it("resamples to 8 kHz keeping duration and a speech-band tone's level", () => {
    const pcm = resampleTo8k(Int16Array.from(sine(22_050, 300, 22_050)), 22_050);
    expect(pcm.length).toBe(8000);
    const frames = toUlawFrames(pcm);
    expect(frames).toHaveLength(50);
    expect(frames.every((f) => f.length === 160)).toBe(true);
    // 8000 peak → RMS ≈ 5657; the box filter costs well under 10 % at 300 Hz.
    expect(frameEnergy(frames[25]!)).toBeGreaterThan(5000);
  });

  it("gives a line as 160-byte μ-law frames the energy VAD hears as one turn, cached per text", () => {
    const frames = spokenFrames("Yes, go ahead.");
    expect(frames.every((f) => f.length === 160)).toBe(true);
    expect(spokenFrames("Yes, go ahead.")).toBe(frames);
    expect(Buffer.from(spokenPayloads("Yes, go ahead.")[0]!, "base64")).toEqual(frames[0]);
    if (voiceSource() === "tone") {
      expect(frames).toEqual(Array.from({ length: TONE_FRAMES }, () => SPEECH));
      return;
    }
    const voiced = frames.map((f) => frameEnergy(f) >= 500);
    // Speech ends the line (espeak-ng's trailing silence was dropped) and pauses inside it (the comma).
    expect(frames.length - 1 - voiced.lastIndexOf(true)).toBeLessThan(5);
    const firstGap = voiced.indexOf(false, voiced.indexOf(true));
    expect(firstGap).toBeGreaterThan(0);
    expect(firstGap).toBeLessThan(voiced.lastIndexOf(true));
    // With 200 ms of end-of-turn silence the comma splits it; with 400 ms it stays one turn.
    const turns = (silenceMs: number) => {
      const vad = new EnergyVad({ threshold: 500, startFrames: 3, silenceMs });
      return [...frames, ...Array.from({ length: 25 }, () => Buffer.alloc(160, 0xff))].filter(
        (f) => vad.push(f) === "speech_end",
      ).length;
    };
    expect(turns(400)).toBe(1);
    expect(turns(200)).toBe(2);
  });
});
