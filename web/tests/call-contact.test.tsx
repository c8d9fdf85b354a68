import { fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CallContact } from "@/features/calls/call-contact";
import { fakeFetch } from "./fake-network";
import { renderInConsole } from "./render";

const CONTACT = "55555555-5555-4555-8555-555555555555";
const FLOW = "66666666-6666-4666-8666-666666666666";
const CALL = "cdcdcdcd-cdcd-4dcd-8dcd-cdcdcdcdcdcd";

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  window.history.replaceState(null, "", "/");
});

const flows = () => ({
  body: {
    items: [
      {
        id: FLOW,
        name: "Lab partnership invitation",
        description: "",
        language: "en",
        version: 1,
        updatedAt: "2026-12-01T00:00:00.000Z",
        steps: 7,
      },
    ],
  },
});

describe("calling a contact from the profile", () => {
  it("calls with the chosen flow and opens the call's page", async () => {
    const net = fakeFetch({
      "GET /api/flows": flows,
      "POST /api/calls": () => ({ status: 201, body: { id: CALL } }),
    });
    renderInConsole(<CallContact contactId={CONTACT} phone="+919876543210" />);
    expect(screen.getByTestId("call-contact").textContent).toContain("+919876543210");
    const select = screen.getByLabelText("Conversation flow") as HTMLSelectElement;
    await screen.findByRole("option", { name: "Lab partnership invitation" });
    fireEvent.change(select, { target: { value: FLOW } });
    fireEvent.click(screen.getByRole("button", { name: "Call" }));
    await vi.waitFor(() => expect(window.location.pathname).toBe(`/calls/${CALL}`));
    expect(net.to("POST /api/calls").map((r) => r.body)).toEqual([{ contactId: CONTACT, flowId: FLOW }]);
  });

  it("sends no flow for the default one, and stays put when the server refuses", async () => {
    const net = fakeFetch({
      "GET /api/flows": flows,
      "POST /api/calls": () => ({
        status: 400,
        body: { error: { code: "validation_failed", message: "The contact has no phone number" } },
      }),
    });
    renderInConsole(<CallContact contactId={CONTACT} phone="+919876543210" />);
    fireEvent.click(screen.getByRole("button", { name: "Call" }));
    await vi.waitFor(() => expect(net.to("POST /api/calls")).toHaveLength(1));
    expect(net.to("POST /api/calls")[0]!.body).toEqual({ contactId: CONTACT, flowId: null });
    await vi.waitFor(() =>
      expect((screen.getByRole("button", { name: "Call" }) as HTMLButtonElement).disabled).toBe(false),
    );
    expect(window.location.pathname).toBe("/");
  });

  it("asks for a phone number first when the contact has none", () => {
    const net = fakeFetch({ "GET /api/flows": flows });
    renderInConsole(<CallContact contactId={CONTACT} phone={null} />);
    expect(screen.getByTestId("call-contact-no-phone").textContent).toContain("Add a phone number");
    expect(screen.queryByRole("button", { name: "Call" })).toBeNull();
    expect(net.to("POST /api/calls")).toHaveLength(0);
  });
});
