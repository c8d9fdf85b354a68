import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useMeQuery } from "@/features/auth/queries";
import { fakeFetch } from "../../../tests/fake-network";
import { ME, renderInConsole } from "../../../tests/render";
import { AvailabilityPrompt } from "./availability-prompt";

/** Like the app: the shell renders once /api/me has answered. */
function Signedin() {
  return useMeQuery().data ? <AvailabilityPrompt /> : null;
}

function show(availability: "online" | "away" | "offline") {
  const user = { ...ME, availability };
  const net = fakeFetch({
    "GET /api/me": () => ({ body: { user } }),
    "PATCH /api/me": (req) => ({ body: { user: { ...user, ...(req.body as object) } } }),
  });
  const r = renderInConsole(<Signedin />);
  return { ...r, net };
}

describe("offer to go online when the console opens", () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => vi.unstubAllGlobals());

  it("offers it to an offline agent and goes online in one click", async () => {
    const { net } = show("offline");
    expect(await screen.findByText("You're offline.")).toBeTruthy();
    fireEvent.click(screen.getByTestId("availability-prompt-online"));
    await waitFor(() => expect(net.to("PATCH /api/me")).toHaveLength(1));
    expect(net.to("PATCH /api/me")[0]!.body).toEqual({ availability: "online" });
    await waitFor(() => expect(screen.queryByTestId("availability-prompt")).toBeNull());
  });

  it("stays away once dismissed for this tab, and never shows to an agent who is online", async () => {
    const first = show("away");
    expect(await screen.findByText("You're away.")).toBeTruthy();
    fireEvent.click(screen.getByTestId("availability-prompt-later"));
    expect(screen.queryByTestId("availability-prompt")).toBeNull();
    expect(first.net.to("PATCH /api/me")).toHaveLength(0);
    first.unmount();
    const again = show("away");
    await waitFor(() => expect(again.net.to("GET /api/me")).toHaveLength(1));
    expect(screen.queryByTestId("availability-prompt")).toBeNull();
    again.unmount();
    sessionStorage.clear();
    const online = show("online");
    await waitFor(() => expect(online.net.to("GET /api/me")).toHaveLength(1));
    expect(screen.queryByTestId("availability-prompt")).toBeNull();
  });
});
