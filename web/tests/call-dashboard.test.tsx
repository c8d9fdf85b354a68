import { screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LiveDashboardPage } from "@/features/calls/live-dashboard";
import { fakeFetch, installFakeWebSocket } from "./fake-network";
import { renderInConsole } from "./render";

const stage = { n: 0, p50: null, p90: null };
const latency = {
  turns: 0,
  interruptions: 0,
  stages: { asr: stage, llmFirstToken: stage, ttsFirstAudio: stage, voiceToVoice: stage },
};
const CAMPAIGN = "abababab-abab-4bab-8bab-abababababab";

beforeEach(() => installFakeWebSocket());
afterEach(() => vi.unstubAllGlobals());

describe("the live call dashboard", () => {
  it("shows a campaign's status in words and links to its page", async () => {
    fakeFetch({
      "GET /api/call-dashboard": () => ({
        body: {
          since: "2026-12-03T10:00:00.000Z",
          byCategory: {},
          live: [],
          latency,
          campaigns: [
            {
              id: CAMPAIGN,
              name: "Pune labs, December",
              status: "running",
              counts: { total: 10, byState: { settled: 4 }, byOutcome: { interested: 2, not_interested: 1 } },
              latency,
            },
          ],
        },
      }),
    });
    renderInConsole(<LiveDashboardPage />, { inbox: true });
    const row = await screen.findByTestId("dashboard-campaign");
    expect(within(row).getByText("Running")).toBeTruthy();
    expect(within(row).queryByText("running")).toBeNull();
    expect(within(row).getByRole("link", { name: "Pune labs, December" }).getAttribute("href")).toBe(
      `/call-campaigns/${CAMPAIGN}`,
    );
  });
});
