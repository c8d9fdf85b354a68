import { screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CallDetailPage } from "@/features/calls/call-detail";
import { fakeFetch, installFakeWebSocket } from "./fake-network";
import { renderInConsole } from "./render";

const ID = "cdcdcdcd-cdcd-4dcd-8dcd-cdcdcdcdcdcd";
const call = (recording: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
  id: ID,
  direction: "outbound",
  contact: { id: "55555555-5555-4555-8555-555555555555", name: "Apollo Diagnostics", phone: "+919876543210" },
  flowId: null,
  from: "+14155550100",
  to: "+919876543210",
  status: "completed",
  category: "voicemail",
  answeredBy: "machine_end_beep",
  providerSid: `CA${"ab".repeat(16)}`,
  failureReason: null,
  durationSeconds: 22,
  recording: {
    state: "none",
    reason: null,
    durationSeconds: null,
    channels: null,
    bytes: null,
    contentType: null,
    ...recording,
  },
  createdAt: "2026-12-01T10:00:00.000Z",
  answeredAt: "2026-12-01T10:00:05.000Z",
  endedAt: "2026-12-01T10:00:27.000Z",
  updatedAt: "2026-12-01T10:00:27.000Z",
  outcome: null,
  fields: {},
  summary: null,
  outcomeAt: null,
  voicemail: null,
  transfer: null,
  transcript: null,
  followUp: null,
  ...over,
});
const events = [
  { id: "11111111-1111-4111-8111-111111111111", kind: "status", summary: "ringing", at: "2026-12-01T10:00:01.000Z" },
  {
    id: "22222222-2222-4222-8222-222222222222",
    kind: "amd",
    summary: "answered by machine_end_beep",
    at: "2026-12-01T10:00:07.000Z",
  },
];

beforeEach(() => installFakeWebSocket());
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("the call page", () => {
  it("says there is no recording and why, and asks for no link", async () => {
    const net = fakeFetch({
      [`GET /api/calls/${ID}`]: () => ({
        body: {
          call: call({ state: "failed", reason: "Twilio refused our credentials for the recording (HTTP 401)" }),
          events,
          turns: [],
        },
      }),
    });
    renderInConsole(<CallDetailPage id={ID} />, { inbox: true });
    const rec = await screen.findByTestId("call-recording");
    expect(rec.textContent).toContain("No recording");
    expect((await screen.findByTestId("call-transcript-empty")).textContent).toContain("Nothing was said");
    expect(rec.textContent).toContain("HTTP 401");
    expect(screen.getByTestId("call-detail-state").textContent).toBe("Voicemail");
    const lines = within(screen.getByTestId("call-timeline"))
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    // Twilio's AnsweredBy value in words, on the timeline and in the facts (not "machine_end_beep").
    expect(lines[1]).toContain("Answered by: Answering machine (after the beep)");
    expect(screen.getByText("Answering machine (after the beep)", { selector: "dd" })).toBeTruthy();
    expect(screen.getByText("Completed", { selector: "dd" })).toBeTruthy();
    expect(document.body.textContent).not.toContain("machine_end_beep");
    expect(net.to(`POST /api/calls/${ID}/recording-link`)).toHaveLength(0);
    expect(document.querySelector("audio")).toBeNull();
  });

  it("plays a stored recording through a fresh signed link", async () => {
    const url = `/api/calls/${ID}/recording?exp=1&sig=abc`;
    const net = fakeFetch({
      [`GET /api/calls/${ID}`]: () => ({
        body: { call: call({ state: "stored", durationSeconds: 3, bytes: 48058 }), events, turns: [] },
      }),
      [`POST /api/calls/${ID}/recording-link`]: () => ({ body: { url, expiresAt: "2026-12-01T10:05:00.000Z" } }),
    });
    renderInConsole(<CallDetailPage id={ID} />, { inbox: true });
    await screen.findByTestId("call-recording");
    await vi.waitFor(() => expect(document.querySelector("audio")?.getAttribute("src")).toBe(url));
    expect(net.to(`POST /api/calls/${ID}/recording-link`)).toHaveLength(1);
    expect(screen.getByRole("link", { name: "Download" }).getAttribute("href")).toBe(url);
  });

  it("shows the voicemail, the transfer with its whisper, the follow-up and the recording's transcript", async () => {
    fakeFetch({
      [`GET /api/calls/${ID}`]: () => ({
        body: {
          call: call(
            { state: "stored", durationSeconds: 3, bytes: 48058 },
            {
              outcome: "transferred",
              summary: "Asked for a person.",
              voicemail: { state: "hung_up", messageLeft: false, reason: "the flow has no voicemail message" },
              transfer: {
                state: "failed",
                to: "+14155550199",
                summary: "Transferred call from the Lab flow. Collected: Lab name: Sunrise Diagnostics.",
                reason: "the transfer number did not answer (no-answer)",
              },
              transcript: { state: "done", text: "Hello, is this Sunrise Diagnostics?", reason: null },
              followUp: { state: "skipped", reason: "the contact opted out of messages", messageId: null },
            },
          ),
          events,
          turns: [],
        },
      }),
      [`POST /api/calls/${ID}/recording-link`]: () => ({
        body: { url: `/api/calls/${ID}/recording?exp=1&sig=abc`, expiresAt: "2026-12-01T10:05:00.000Z" },
      }),
    });
    renderInConsole(<CallDetailPage id={ID} />, { inbox: true });
    expect((await screen.findByTestId("call-outcome")).textContent).toBe("Transferred");
    expect(screen.getByTestId("call-voicemail").textContent).toContain("Message left: no");
    const transfer = screen.getByTestId("call-transfer").textContent;
    expect(transfer).toContain("Failed");
    expect(transfer).toContain("+14155550199");
    expect(transfer).toContain("did not answer (no-answer)");
    expect(screen.getByTestId("call-transfer-summary").textContent).toContain("Lab name: Sunrise Diagnostics");
    expect(screen.getByTestId("call-follow-up").textContent).toContain("the contact opted out of messages");
    expect(screen.getByTestId("call-recording-transcript").textContent).toContain(
      "Hello, is this Sunrise Diagnostics?",
    );
  });

  it("says why a recording has no transcript, and shows nothing extra for a plain call", async () => {
    fakeFetch({
      [`GET /api/calls/${ID}`]: () => ({
        body: {
          call: call(
            { state: "failed", reason: "download failed after retries" },
            {
              transcript: {
                state: "skipped",
                text: null,
                reason: "no transcription provider (no OpenAI key configured)",
              },
            },
          ),
          events,
          turns: [],
        },
      }),
    });
    renderInConsole(<CallDetailPage id={ID} />, { inbox: true });
    expect((await screen.findByTestId("call-recording-transcript")).textContent).toContain(
      "Skipped: no transcription provider",
    );
    expect(screen.queryByTestId("call-handling")).toBeNull();
  });
});
