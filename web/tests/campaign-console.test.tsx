import type { Campaign, CampaignStats } from "@switchboard/contracts";
import { act, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { CampaignDetail } from "@/features/campaigns/campaign-detail";
import { campaignBodyErrors } from "@/features/campaigns/form/validation";
import { useCampaignEvents } from "@/features/campaigns/queries";
import { fakeFetch, FakeWebSocket, installFakeWebSocket } from "./fake-network";
import { renderInConsole } from "./render";

const ID = "99999999-9999-4999-8999-999999999999";
const counts = (c: Partial<Campaign["counts"]>): Campaign["counts"] => ({
  total: 4,
  pending: 0,
  sending: 0,
  sent: 0,
  delivered: 0,
  read: 0,
  replied: 0,
  failed: 0,
  skipped: 0,
  ...c,
});
const campaign: Campaign = {
  id: ID,
  name: "Partner invite",
  channelId: "55555555-5555-4555-8555-555555555555",
  templateId: "66666666-6666-4666-8666-666666666666",
  templateName: "hello_world",
  templateLanguage: "en_US",
  mapping: {},
  ratePerSecond: 80,
  status: "running",
  audience: { labelIds: [], contactIds: [], segmentIds: [], importIds: [] },
  scheduledAt: null,
  window: null,
  marketingMessagesApi: null,
  variants: [],
  winner: null,
  startedAt: "2026-01-01T10:00:00.000Z",
  completedAt: null,
  createdAt: "2026-01-01T09:00:00.000Z",
  counts: counts({ pending: 4 }),
};
const stats = (c: Campaign["counts"]): CampaignStats => ({
  counts: c,
  byErrorClass: {},
  timeline: [],
  sendRate: { current: 0, configured: 80 },
  failures: [],
});

function Page() {
  useCampaignEvents();
  return <CampaignDetail id={ID} />;
}

describe("campaign page", () => {
  beforeEach(() => {
    installFakeWebSocket();
    // Recharts measures its container; jsdom has no ResizeObserver.
    vi.stubGlobal(
      "ResizeObserver",
      class {
        observe() {}
        unobserve() {}
        disconnect() {}
      },
    );
  });

  it("follows campaign.progress from the socket, not a 2 s poll", async () => {
    let now = counts({ pending: 4 });
    const net = fakeFetch({
      [`GET /api/campaigns/${ID}`]: () => ({ body: { ...campaign, counts: now } }),
      [`GET /api/campaigns/${ID}/stats`]: () => ({ body: stats(now) }),
      [`GET /api/campaigns/${ID}/recipients`]: () => ({ body: { items: [], nextCursor: null } }),
    });
    renderInConsole(<Page />, { inbox: true });
    await waitFor(() => expect(screen.getByTestId("campaign-progress").textContent).toBe("0% · 0 of 4"));
    act(() => FakeWebSocket.last.accept());
    act(() => FakeWebSocket.last.push({ type: "hello", as: "agent" }));
    const before = net.to(`GET /api/campaigns/${ID}/stats`).length;

    now = counts({ sent: 3, pending: 1 });
    act(() => FakeWebSocket.last.push({ type: "campaign.progress", campaignId: ID, status: "running", counts: now }));
    await waitFor(() => expect(screen.getByTestId("campaign-progress").textContent).toBe("75% · 3 of 4"));
    // The report (funnel, timeline, failures) is refetched on the event.
    await waitFor(() => expect(net.to(`GET /api/campaigns/${ID}/stats`).length).toBeGreaterThan(before));
    expect(screen.getByTestId("funnel-sent").textContent).toContain("3");

    // Another campaign's progress changes nothing here.
    const fetched = net.requests.length;
    act(() =>
      FakeWebSocket.last.push({
        type: "campaign.progress",
        campaignId: "11111111-1111-4111-8111-111111111111",
        status: "completed",
        counts: counts({ sent: 4 }),
      }),
    );
    expect(screen.getByTestId("campaign-progress").textContent).toBe("75% · 3 of 4");
    expect(net.requests.length).toBe(fetched);
  });
});

describe("create form validation", () => {
  const body = (extra: Record<string, unknown>) => ({
    name: "Spring",
    channelId: campaign.channelId,
    templateId: campaign.templateId,
    mapping: {},
    ratePerSecond: 80,
    audience: { labelIds: [], contactIds: [], segmentIds: [ID], importIds: [] },
    ...extra,
  });

  it("shows the shared contract's messages", () => {
    expect(campaignBodyErrors(body({}))).toEqual({});
    expect(campaignBodyErrors(body({ window: { start: "19:00", end: "09:00", days: [1] } }))).toEqual({
      "window.end": "The window must end after it starts (same day)",
    });
    expect(campaignBodyErrors(body({ window: { start: "9", end: "19:00", days: [1] } }))["window.start"]).toBe(
      "HH:MM, 24-hour",
    );
    expect(
      campaignBodyErrors(body({ audience: { labelIds: [], contactIds: [], segmentIds: [], importIds: [] } })).audience,
    ).toBe("Choose at least one tag, contact, segment or imported list");
    expect(campaignBodyErrors(body({ templateId: "" })).templateId).toBe("Choose an approved template");
    const followUp = (f: Record<string, unknown>) =>
      campaignBodyErrors(body({ followUp: { templateId: ID, afterHours: 24, when: "no_reply", mapping: {}, ...f } }));
    expect(followUp({})).toEqual({});
    expect(followUp({ templateId: "" })).toEqual({ "followUp.templateId": "Choose the follow-up's template" });
    expect(followUp({ afterHours: 0 })).toEqual({ "followUp.afterHours": "At least 1 hour after the first message" });
    expect(followUp({ afterHours: 200 })).toEqual({
      "followUp.afterHours": "At most 168 hours (7 days) after the first message",
    });
  });
});
