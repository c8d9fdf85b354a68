import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CustomerNoticesCard } from "@/features/tickets/notice-settings";
import { fakeFetch } from "./fake-network";
import { renderInConsole } from "./render";

const off = { enabled: false, message: "Your request #{{ticket.number}} is now solved.", whatsappTemplate: null };
const SETTINGS = { open: off, pending: off, on_hold: off, solved: off, closed: off };
const TEMPLATES = {
  items: [
    { name: "ticket_update", language: "en", content: { body: "Hi {{1}}, request #{{2}} changed." } },
    // The same template synced on a second number: offered once.
    { name: "ticket_update", language: "en", content: { body: "Hi {{1}}, request #{{2}} changed." } },
  ],
};

describe("Settings → Tickets: the Customer notices card", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("says nothing is on, then saves a status with its text, template and variable mapping", async () => {
    const net = fakeFetch({
      "GET /api/tickets/notice-settings": () => ({ body: SETTINGS }),
      "GET /api/templates": () => ({ body: TEMPLATES }),
      "PUT /api/tickets/notice-settings": (req) => ({ body: req.body }),
    });
    renderInConsole(<CustomerNoticesCard />);
    expect(screen.getByLabelText("Loading customer notices")).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId("notices-empty")).toBeTruthy());
    expect((screen.getByRole("button", { name: "Save" }) as HTMLButtonElement).disabled).toBe(true);

    await userEvent.click(screen.getByRole("switch", { name: "Notify on Solved" }));
    expect(screen.queryByTestId("notices-empty")).toBeNull();
    const message = screen.getByLabelText("Message");
    await userEvent.clear(message);
    await userEvent.type(message, "Done: {{{{ticket.subject}}");
    const template = screen.getByLabelText("WhatsApp outside the 24-hour window") as HTMLSelectElement;
    expect([...template.options].map((o) => o.textContent)).toEqual([
      "None: skip the notice outside the window",
      "ticket_update (en)",
    ]);
    await userEvent.selectOptions(template, "ticket_update|en");
    expect(screen.getByLabelText("{{1}}")).toBeTruthy();
    await userEvent.selectOptions(screen.getByLabelText("{{1}}"), "contact.name");
    await userEvent.selectOptions(screen.getByLabelText("{{2}}"), "ticket.number");
    expect(screen.queryByLabelText("{{3}}")).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(net.to("PUT /api/tickets/notice-settings")).toHaveLength(1));
    expect(net.to("PUT /api/tickets/notice-settings")[0]!.body).toEqual({
      ...SETTINGS,
      solved: {
        enabled: true,
        message: "Done: {{ticket.subject}}",
        whatsappTemplate: { name: "ticket_update", language: "en", bodyVariables: ["contact.name", "ticket.number"] },
      },
    });
  });

  it("shows the server's reason for a refused text next to its status", async () => {
    fakeFetch({
      "GET /api/tickets/notice-settings": () => ({ body: { ...SETTINGS, open: { ...off, enabled: true } } }),
      "GET /api/templates": () => ({ body: { items: [] } }),
      "PUT /api/tickets/notice-settings": () => ({
        status: 400,
        body: {
          error: {
            code: "validation_failed",
            message: "Invalid request",
            details: { fieldErrors: { "open.message": ["Unknown variable: use {{ticket.number}}"] } },
          },
        },
      }),
    });
    renderInConsole(<CustomerNoticesCard />);
    const message = await screen.findByLabelText("Message");
    // No approved templates: the card says what happens outside the window instead of an empty picker.
    expect(screen.getByText(/No approved templates yet/)).toBeTruthy();
    await userEvent.type(message, " {{{{ticket.owner}}");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.getByText("Unknown variable: use {{ticket.number}}")).toBeTruthy());
  });

  it("a settings load that fails shows the error with a retry", async () => {
    fakeFetch({
      "GET /api/tickets/notice-settings": () => ({
        status: 500,
        body: { error: { code: "internal", message: "Database unavailable" } },
      }),
      "GET /api/templates": () => ({ body: { items: [] } }),
    });
    renderInConsole(<CustomerNoticesCard />);
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("Database unavailable"));
    expect(screen.getByRole("button", { name: /Try again/ })).toBeTruthy();
  });
});
