import type { AiSettingsView } from "@switchboard/contracts";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type AiForm, toBody, toForm, validate } from "@/features/ai/settings-form";
import { AiSettingsPage } from "@/features/ai/settings-page";
import { fakeFetch } from "./fake-network";
import { renderInConsole } from "./render";

const CHANNEL = { id: "22222222-2222-4222-8222-222222222222", name: "Website chat", type: "webchat" };

const view = (over: Partial<AiSettingsView> = {}): AiSettingsView => ({
  enabled: false,
  channelIds: [],
  provider: "matcher",
  model: "",
  baseUrl: null,
  temperature: 0.3,
  embeddingModel: "",
  embeddings: true,
  persona: "You are the support assistant.",
  guidance: [],
  handoffMessage: "Passing you to a person.",
  offlineMessage: "We're offline.",
  maxTurns: 8,
  confidenceThreshold: 0.5,
  replyDelaySeconds: 3,
  assumeResolvedAfterMinutes: 60,
  businessHours: { mode: "always", timezone: "UTC", hours: [{ day: 1, start: "09:00", end: "17:00" }] },
  apiKey: { set: false, source: null, hint: null },
  ...over,
});

describe("AI settings form logic", () => {
  it("round-trips the view, sends the key only when replaced or removed, and percent as 0–1", () => {
    const f = toForm(view({ provider: "openai", apiKey: { set: true, source: "settings", hint: "1234" } }));
    expect(toBody(f)).not.toHaveProperty("apiKey");
    expect(toBody({ ...f, key: { kind: "replace", value: " sk-new " } }).apiKey).toBe("sk-new");
    expect(toBody({ ...f, key: { kind: "remove" } }).apiKey).toBeNull();
    expect(toBody({ ...f, confidence: "65" }).confidenceThreshold).toBe(0.65);
    expect(toBody({ ...f, guidance: [" Be brief ", "  "] }).guidance).toEqual(["Be brief"]);
    // The matcher never sends a key.
    expect(toBody({ ...toForm(view()), key: { kind: "replace", value: "sk" } })).not.toHaveProperty("apiKey");
  });

  it("validates ranges, the OpenAI-compatible base URL and office hours", () => {
    const f: AiForm = toForm(view());
    expect(validate(f)).toEqual({});
    const e = validate({
      ...f,
      provider: "openai_compatible",
      baseUrl: "",
      temperature: "3",
      maxTurns: "2.5",
      confidence: "",
      businessHours: { ...f.businessHours, hours: [{ day: 1, start: "18:00", end: "09:00" }] },
    });
    expect(Object.keys(e).sort()).toEqual(["baseUrl", "businessHours", "confidence", "maxTurns", "temperature"]);
  });
});

describe("Settings → AI agent", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("explains the matcher, switches to OpenAI, takes a key write-only, turns on a channel and saves", async () => {
    const user = userEvent.setup();
    let current = view();
    const net = fakeFetch({
      "GET /api/ai/settings": () => ({ body: current }),
      "GET /api/channels": () => ({ body: { items: [CHANNEL] } }),
      "PUT /api/ai/settings": (req) => {
        const { apiKey, ...rest } = req.body as Record<string, unknown>;
        current = {
          ...current,
          ...rest,
          apiKey: apiKey ? { set: true, source: "settings", hint: String(apiKey).slice(-4) } : current.apiKey,
        } as AiSettingsView;
        return { body: current };
      },
    });
    renderInConsole(<AiSettingsPage />);
    expect((await screen.findByTestId("matcher-explainer")).textContent).toMatch(/No key, no network/);
    expect(screen.getByRole("button", { name: /Save changes/ }).hasAttribute("disabled")).toBe(true);

    await user.selectOptions(screen.getByLabelText("Provider"), "openai");
    expect(screen.queryByTestId("matcher-explainer")).toBeNull();
    expect(screen.getByTestId("key-status").textContent).toMatch(/OPENAI_API_KEY|new provider/);
    await user.click(screen.getByRole("button", { name: "Add key" }));
    await user.type(screen.getByPlaceholderText("Paste the key"), "sk-live-abcd9876");
    await user.type(screen.getByLabelText("Guidance rules"), "Never promise a refund{Enter}");
    expect((screen.getByLabelText("Rule 1") as HTMLInputElement).value).toBe("Never promise a refund");
    await user.click(screen.getByRole("switch", { name: "AI on Website chat" }));
    await user.click(screen.getByRole("switch", { name: /The AI agent is off/ }));
    await user.click(screen.getByRole("button", { name: /Save changes/ }));

    await waitFor(() => expect(net.to("PUT /api/ai/settings")).toHaveLength(1));
    expect(net.to("PUT /api/ai/settings")[0]!.body).toMatchObject({
      provider: "openai",
      apiKey: "sk-live-abcd9876",
      guidance: ["Never promise a refund"],
      channelIds: [CHANNEL.id],
      enabled: true,
    });
    // After saving, the key is only its last four.
    expect((await screen.findByTestId("key-status")).textContent).toMatch(/ends in ••9876/);
    expect(document.body.textContent).not.toContain("sk-live-abcd9876");
  });

  it("shows the embedding model with its default and how far the knowledge base is embedded", async () => {
    fakeFetch({
      "GET /api/ai/settings": () => ({ body: view({ provider: "openai" }) }),
      "GET /api/channels": () => ({ body: { items: [] } }),
      "GET /api/knowledge/embeddings": () => ({
        body: {
          model: "openai:text-embedding-3-small",
          embedded: 3,
          total: 5,
          lastError: "The server had an error",
          lastErrorAt: "2026-01-01T00:00:00.000Z",
        },
      }),
    });
    renderInConsole(<AiSettingsPage />);
    const status = await screen.findByTestId("embedding-status");
    await waitFor(() =>
      expect(status.textContent).toMatch(/3 of 5 chunks embedded with openai:text-embedding-3-small/),
    );
    expect(status.textContent).toMatch(/Last error: The server had an error/);
    expect((screen.getByLabelText(/Embedding model/) as HTMLInputElement).placeholder).toBe("text-embedding-3-small");
  });

  it("shows the server's field errors and keeps the form", async () => {
    const user = userEvent.setup();
    fakeFetch({
      "GET /api/ai/settings": () => ({ body: view() }),
      "GET /api/channels": () => ({ body: { items: [] } }),
      "PUT /api/ai/settings": () => ({
        status: 422,
        body: {
          error: {
            code: "settings_invalid",
            message: "Unknown time zone",
            details: { fieldErrors: { businessHours: ["Unknown time zone"] }, formErrors: [] },
          },
        },
      }),
    });
    renderInConsole(<AiSettingsPage />);
    const tz = await screen.findByLabelText("Time zone");
    await user.clear(tz);
    await user.type(tz, "Mars/Olympus");
    await user.click(screen.getByRole("button", { name: /Save changes/ }));
    expect(await screen.findByText("Unknown time zone")).toBeTruthy();
    expect((screen.getByLabelText("Time zone") as HTMLInputElement).value).toBe("Mars/Olympus");
    expect(screen.getByText(/No channels yet/)).toBeTruthy();
  });

  it("shows an error state with retry when the settings cannot load", async () => {
    fakeFetch({
      "GET /api/ai/settings": () => ({ status: 500, body: { error: { code: "internal", message: "Boom" } } }),
    });
    renderInConsole(<AiSettingsPage />);
    expect(await screen.findByText("Couldn't load the AI settings")).toBeTruthy();
    expect(screen.getByRole("button", { name: /Try again/ })).toBeTruthy();
  });
});
