import type { Flow } from "@switchboard/contracts";
import { describe, expect, it } from "vitest";
import { answeredCallTwiml } from "../twiml";
import { EnergyVad } from "./vad";
import { FRAME_BYTES, Framer, frameEnergy, linearToUlaw, ulawToLinear } from "./mulaw";

describe("Media Streams wiring and audio helpers", () => {
  it("a media_streams flow answers with <Connect><Stream> and the call's parameters", () => {
    const xml = answeredCallTwiml({
      publicUrl: "https://sb.example",
      callId: "call-1",
      flowId: "flow-1",
      contactId: null,
      recordHere: false,
      flow: { engine: "media_streams", voice: "", language: "en-IN", interruptionSensitivity: "medium" } as Flow,
    });
    expect(xml).toContain('<Connect><Stream url="wss://sb.example/webhooks/twilio/media">');
    expect(xml).toContain('<Parameter name="callId" value="call-1"/>');
    expect(xml).not.toContain("ConversationRelay");
  });

  it("μ-law round-trips, frames are 160 bytes, and the VAD ends a turn after the configured silence", () => {
    for (const v of [0, 1000, -1000, 8000, -30000])
      expect(Math.abs(ulawToLinear(linearToUlaw(v)) - v)).toBeLessThan(Math.abs(v) / 16 + 9);
    const framer = new Framer();
    expect(framer.push(new Uint8Array(250)).map((f) => f.length)).toEqual([FRAME_BYTES]);
    expect(framer.flush()?.length).toBe(FRAME_BYTES);
    const loud = new Uint8Array(160).fill(linearToUlaw(4000));
    const quiet = new Uint8Array(160).fill(0xff);
    expect(frameEnergy(quiet)).toBe(0);
    const vad = new EnergyVad({ threshold: 500, startFrames: 3, silenceMs: 100 });
    const events = [...Array(4).fill(loud), ...Array(6).fill(quiet)].map((f) => vad.push(f));
    expect(events.indexOf("speech_start")).toBe(2);
    expect(events.indexOf("speech_end")).toBe(8); // 5 quiet frames = 100 ms
  });
});
