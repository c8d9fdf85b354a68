let ctx: AudioContext | null = null;
let lastPlayed = 0;

/** A short two-note chime generated with WebAudio (no asset to download). */
export function playChime() {
  const now = Date.now();
  if (now - lastPlayed < 800) return; // a burst of messages rings once
  lastPlayed = now;
  try {
    ctx ??= new AudioContext();
    if (ctx.state === "suspended") void ctx.resume();
    const t = ctx.currentTime;
    const gain = ctx.createGain();
    gain.connect(ctx.destination);
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.18, t + 0.015);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.42);
    for (const [freq, start] of [
      [880, 0],
      [1318.5, 0.09],
    ] as const) {
      const osc = ctx.createOscillator();
      osc.type = "sine";
      osc.frequency.setValueAtTime(freq, t + start);
      osc.connect(gain);
      osc.start(t + start);
      osc.stop(t + 0.45);
    }
  } catch {
    // audio not available (autoplay policy, no device): stay silent
  }
}
