import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useMeQuery } from "@/features/auth/queries";
import { ApiTokensPage } from "@/features/settings/integrations/api-tokens-page";
import { fakeFetch } from "./fake-network";
import { ME, renderInConsole } from "./render";

const token = (over: Record<string, unknown> = {}) => ({
  id: "11111111-1111-4111-8111-111111111111",
  name: "Zapier",
  prefix: "sb_abcdefgh",
  scopes: ["write"],
  owner: { id: ME.id, name: ME.name },
  createdAt: "2026-11-30T10:00:00.000Z",
  expiresAt: null,
  lastUsedAt: null,
  revokedAt: null,
  ...over,
});

/** The page runs inside the signed-in app: wait for /api/me as the app does. */
function Page() {
  return useMeQuery().data ? <ApiTokensPage /> : null;
}

describe("Settings → API tokens", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("creates a token with the chosen scope, shows the secret once, and forgets it when closed", async () => {
    const user = userEvent.setup();
    let items: unknown[] = [];
    const net = fakeFetch({
      "GET /api/me": () => ({ body: { user: ME } }),
      "GET /api/api-tokens": () => ({ body: { items } }),
      "POST /api/api-tokens": (req) => {
        items = [
          token({ name: (req.body as { name: string }).name, scopes: (req.body as { scopes: string[] }).scopes }),
        ];
        return { status: 201, body: { token: items[0], secret: "sb_abcdefgh_s3cr3t-value-that-is-long-enough-0000" } };
      },
    });
    renderInConsole(<Page />);
    expect(await screen.findByText("No API tokens yet")).toBeTruthy();
    await user.click(screen.getByTestId("create-token"));
    await user.type(screen.getByLabelText("Name"), "CRM sync");
    await user.click(screen.getByLabelText(/^Admin/));
    await user.click(screen.getByRole("button", { name: "Create token" }));
    expect((await screen.findByTestId("token-secret")).textContent).toBe(
      "sb_abcdefgh_s3cr3t-value-that-is-long-enough-0000",
    );
    expect(net.to("POST /api/api-tokens")[0]!.body).toEqual({ name: "CRM sync", scopes: ["admin"] });
    await user.click(screen.getByRole("button", { name: "Done" }));
    await waitFor(() => expect(screen.queryByTestId("token-secret")).toBeNull());
    expect(await screen.findByText("CRM sync")).toBeTruthy();
    // The list never carries the secret: reopening the dialog starts a new token.
    expect(document.body.textContent).not.toContain("s3cr3t");
  });

  it("revokes after confirmation and marks revoked tokens", async () => {
    const user = userEvent.setup();
    let revoked = false;
    const net = fakeFetch({
      "GET /api/me": () => ({ body: { user: ME } }),
      "GET /api/api-tokens": () => ({
        body: { items: [token(revoked ? { revokedAt: "2026-12-01T10:00:00.000Z" } : {})] },
      }),
      "DELETE /api/api-tokens/11111111-1111-4111-8111-111111111111": () => {
        revoked = true;
        return { status: 204 };
      },
    });
    renderInConsole(<Page />);
    await user.click(await screen.findByRole("button", { name: "Revoke Zapier" }));
    await user.click(screen.getByRole("button", { name: "Revoke token" }));
    expect(await screen.findByText("Revoked")).toBeTruthy();
    expect(net.to("DELETE /api/api-tokens/11111111-1111-4111-8111-111111111111")).toHaveLength(1);
    expect(screen.queryByRole("button", { name: "Revoke Zapier" })).toBeNull();
  });
});
