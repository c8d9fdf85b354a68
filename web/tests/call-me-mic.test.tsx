// Call me's hold-to-talk: hidden with the reason when no speech recognition is configured, the
// states while held (listening, hearing you) and the clip posted as multipart; a blocked microphone
// says so. The browser's microphone (getUserMedia) and MediaRecorder are the only stand-ins.
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HoldToTalk } from "@/features/sandbox/hold-to-talk";
import { fakeFetch } from "./fake-network";
import { renderInConsole } from "./render";

const CALL = "55555555-5555-4555-8555-555555555555";

/** MediaRecorder as the browser has it: start, chunks on stop, then onstop. */
class FakeRecorder {
  static last: FakeRecorder | null = null;
  static isTypeSupported = (m: string) => m === "audio/webm;codecs=opus";
  state: "inactive" | "recording" = "inactive";
  mimeType: string;
  ondataavailable: ((e: { data: Blob }) => void) | null = null;
  onstop: (() => void) | null = null;
  constructor(
    readonly stream: unknown,
    opts?: { mimeType?: string },
  ) {
    this.mimeType = opts?.mimeType ?? "";
    FakeRecorder.last = this;
  }
  start() {
    this.state = "recording";
  }
  stop() {
    this.state = "inactive";
    this.ondataavailable?.({
      data: new Blob([new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3])], { type: this.mimeType }),
    });
    this.onstop?.();
  }
}

function microphone(result: "ok" | "denied") {
  const track = { stop: vi.fn() };
  const getUserMedia = vi.fn(async () => {
    if (result === "denied") throw new DOMException("Permission denied", "NotAllowedError");
    return { getTracks: () => [track] };
  });
  vi.stubGlobal("MediaRecorder", FakeRecorder);
  Object.defineProperty(navigator, "mediaDevices", { value: { getUserMedia }, configurable: true });
  return { getUserMedia, track };
}

const turn = {
  call: { id: CALL },
  replies: ["Thank you. What is the name of your lab?"],
  turns: [],
  ended: false,
  heard: "Yes, go ahead",
};

describe("Call me: hold to talk", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it("is hidden with the reason when no speech recognition is configured", async () => {
    microphone("ok");
    fakeFetch({
      "GET /api/calls/sandbox/speech": () => ({
        body: {
          available: false,
          reason: "No speech recognition is configured: set OPENAI_API_KEY.",
          maxBytes: 2097152,
        },
      }),
    });
    renderInConsole(<HoldToTalk callId={CALL} disabled={false} onTurn={() => {}} />);
    expect((await screen.findByTestId("callme-mic-hint")).textContent).toContain(
      "Microphone off. No speech recognition is configured: set OPENAI_API_KEY.",
    );
    expect(screen.queryByTestId("callme-mic")).toBeNull();
  });

  it("records while held and sends the clip on release; the turn comes back", async () => {
    const mic = microphone("ok");
    const net = fakeFetch({
      "GET /api/calls/sandbox/speech": () => ({ body: { available: true, reason: null, maxBytes: 2097152 } }),
      [`POST /api/calls/${CALL}/sandbox/speech`]: () => ({ body: turn }),
    });
    const onTurn = vi.fn();
    renderInConsole(<HoldToTalk callId={CALL} disabled={false} onTurn={onTurn} />);
    const button = await screen.findByTestId("callme-mic");
    expect(button.textContent).toContain("Hold to talk");
    expect(button.getAttribute("aria-keyshortcuts")).toBe("Alt+M");
    const started = Date.now();
    fireEvent.pointerDown(button);
    await waitFor(() => expect(button.getAttribute("data-state")).toBe("recording"));
    expect(button.textContent).toContain("Listening… let go to send");
    expect(button.getAttribute("aria-pressed")).toBe("true");
    expect(FakeRecorder.last!.mimeType).toBe("audio/webm;codecs=opus");
    // Held long enough to be speech, not a tap.
    vi.spyOn(Date, "now").mockReturnValue(started + 1500);
    fireEvent.pointerUp(button);
    await waitFor(() => expect(onTurn).toHaveBeenCalledWith(turn));
    vi.restoreAllMocks();
    const sent = net.to(`POST /api/calls/${CALL}/sandbox/speech`);
    expect(sent).toHaveLength(1);
    const file = (sent[0]!.body as FormData).get("file") as File;
    expect(file.type).toBe("audio/webm;codecs=opus");
    expect(file.name).toBe("speech.webm");
    expect(mic.track.stop).toHaveBeenCalled();
    await waitFor(() => expect(button.getAttribute("data-state")).toBe("idle"));
  });

  it("a tap sends nothing and says to hold; Alt+M held records too", async () => {
    microphone("ok");
    const net = fakeFetch({
      "GET /api/calls/sandbox/speech": () => ({ body: { available: true, reason: null, maxBytes: 2097152 } }),
      [`POST /api/calls/${CALL}/sandbox/speech`]: () => ({ body: turn }),
    });
    renderInConsole(<HoldToTalk callId={CALL} disabled={false} onTurn={() => {}} />);
    const button = await screen.findByTestId("callme-mic");
    await act(async () => {
      fireEvent.keyDown(window, { key: "m", code: "KeyM", altKey: true });
    });
    await waitFor(() => expect(button.getAttribute("data-state")).toBe("recording"));
    fireEvent.keyUp(window, { key: "m", code: "KeyM", altKey: true });
    await waitFor(() => expect(button.getAttribute("data-state")).toBe("idle"));
    expect(screen.getByTestId("callme-mic-note").textContent).toContain(
      "Hold the button while you speak, then let go.",
    );
    expect(net.to(`POST /api/calls/${CALL}/sandbox/speech`)).toHaveLength(0);
  });

  it("a blocked microphone says how to allow it", async () => {
    microphone("denied");
    fakeFetch({
      "GET /api/calls/sandbox/speech": () => ({ body: { available: true, reason: null, maxBytes: 2097152 } }),
    });
    renderInConsole(<HoldToTalk callId={CALL} disabled={false} onTurn={() => {}} />);
    fireEvent.pointerDown(await screen.findByTestId("callme-mic"));
    expect((await screen.findByTestId("callme-mic-hint")).textContent).toContain(
      "Microphone blocked: allow it for this site in the browser, then reload.",
    );
  });

  it("is disabled while the agent is speaking", async () => {
    microphone("ok");
    fakeFetch({
      "GET /api/calls/sandbox/speech": () => ({ body: { available: true, reason: null, maxBytes: 2097152 } }),
    });
    renderInConsole(<HoldToTalk callId={CALL} disabled onTurn={() => {}} />);
    expect(((await screen.findByTestId("callme-mic")) as HTMLButtonElement).disabled).toBe(true);
  });
});
