import { screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import TemplatesPage from "@/features/templates/templates-page";
import { fakeFetch, installFakeWebSocket } from "./fake-network";
import { renderInConsole } from "./render";

beforeEach(() => installFakeWebSocket());
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const whatsapp = {
  id: "77777777-7777-4777-8777-777777777777",
  type: "whatsapp",
  name: "Lab network",
};

describe("the templates page", () => {
  it("without a WhatsApp number says to connect one first, with the way there", async () => {
    fakeFetch({
      "GET /api/channels": () => ({
        body: { items: [{ ...whatsapp, id: "88888888-8888-4888-8888-888888888888", type: "webchat", name: "Site" }] },
      }),
      "GET /api/templates": () => ({ body: { items: [] } }),
    });
    renderInConsole(<TemplatesPage />, { inbox: true });
    expect(await screen.findByText("Connect a WhatsApp number first")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Connect a WhatsApp number" }).getAttribute("href")).toBe(
      "/settings/channels",
    );
    const create = screen.getByRole("button", { name: /New template/ }) as HTMLButtonElement;
    expect(create.disabled).toBe(true);
    expect(create.title).toBe("Connect a WhatsApp number first");
  });

  it("with a number and no templates, invites creating or syncing them", async () => {
    fakeFetch({
      "GET /api/channels": () => ({ body: { items: [whatsapp] } }),
      "GET /api/templates": () => ({ body: { items: [] } }),
    });
    renderInConsole(<TemplatesPage />, { inbox: true });
    expect(await screen.findByText("No templates yet")).toBeTruthy();
    expect(screen.queryByText("Connect a WhatsApp number first")).toBeNull();
    expect((screen.getByRole("button", { name: /New template/ }) as HTMLButtonElement).disabled).toBe(false);
  });
});
