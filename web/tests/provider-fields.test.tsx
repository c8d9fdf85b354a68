import {
  instagramSecretsSchema,
  telegramSecretsSchema,
  whatsappSecretsSchema,
  whatsappSettingsSchema,
  xSecretsSchema,
} from "@switchboard/contracts";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ProviderCreateForm } from "@/features/settings/channels/provider-create-form";
import { providerFields, validateFields } from "@/features/settings/channels/provider-fields";
import { fakeFetch } from "./fake-network";
import { renderInConsole } from "./render";

const field = (key: string) => screen.getByTestId(`field-${key}`) as HTMLInputElement;
/** The error line under a field (Field renders it as `<id>-error`). */
const errorOf = (key: string) => document.getElementById(`new-provider-${key}-error`)?.textContent ?? null;

function openForm(type: "whatsapp" | "telegram", answer?: { status: number; body: unknown }) {
  const net = fakeFetch({
    "GET /api/sandbox": () => ({ body: { enabled: true, channels: [] } }),
    "POST /api/channels": () =>
      answer ?? { status: 201, body: { channel: { id: "c1", sandbox: false }, revealedSecrets: null } },
  });
  const onCreated = vi.fn();
  renderInConsole(<ProviderCreateForm type={type} onCreated={onCreated} onBack={() => {}} />);
  return { net, onCreated, posted: () => net.to("POST /api/channels").map((r) => r.body) };
}

describe("provider credential form", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("checks each field with the contract's rule before anything is sent", async () => {
    const user = userEvent.setup();
    const { posted } = openForm("whatsapp");
    await user.click(screen.getByTestId("create-channel-submit"));
    for (const k of ["phoneNumberId", "wabaId", "accessToken", "appSecret"]) expect(errorOf(k)).toBe("Required");
    await user.type(field("phoneNumberId"), "10654 0352");
    await user.click(screen.getByTestId("create-channel-submit"));
    expect(errorOf("phoneNumberId")).toBe("Letters and digits only");
    expect(posted()).toEqual([]);
  });

  it("sends trimmed settings and secrets, and shows the server's field errors on the fields", async () => {
    const user = userEvent.setup();
    const { posted } = openForm("whatsapp", {
      status: 400,
      body: {
        error: {
          code: "validation_failed",
          message: "Invalid input",
          details: { fieldErrors: { "secrets.accessToken": ["Meta rejected this token"] }, formErrors: [] },
        },
      },
    });
    await user.type(field("phoneNumberId"), " 106540352242922 ");
    await user.type(field("wabaId"), "102290129340398");
    await user.type(field("accessToken"), "EAAG-token ");
    await user.type(field("appSecret"), "app-secret");
    await user.click(screen.getByTestId("create-channel-submit"));
    await waitFor(() =>
      expect(posted()).toEqual([
        {
          type: "whatsapp",
          name: "WhatsApp",
          settings: { phoneNumberId: "106540352242922", wabaId: "102290129340398" },
          secrets: { accessToken: "EAAG-token", appSecret: "app-secret" },
        },
      ]),
    );
    await waitFor(() => expect(errorOf("accessToken")).toBe("Meta rejected this token"));
  });

  it("explains a malformed Telegram bot token with the contract's message", async () => {
    const user = userEvent.setup();
    const { posted, onCreated } = openForm("telegram");
    await user.type(field("botToken"), "not-a-token");
    await user.click(screen.getByTestId("create-channel-submit"));
    expect(errorOf("botToken")).toBe("Looks like 123456:ABC-DEF… from @BotFather");
    await user.clear(field("botToken"));
    await user.type(field("botToken"), "123456789:AAEhBP0av28sHxDY5a7vNp1qZx");
    await user.click(screen.getByTestId("create-channel-submit"));
    await waitFor(() => expect(posted()).toHaveLength(1));
    await waitFor(() => expect(onCreated).toHaveBeenCalledOnce());
  });

  it("shows why an unreachable provider could not be reached, in the form", async () => {
    const user = userEvent.setup();
    const message = "Couldn't reach api.telegram.org: connection refused. Check the network or the base URL.";
    const { onCreated } = openForm("telegram", {
      status: 502,
      body: { error: { code: "provider_unavailable", message, details: { reason: "connection_refused" } } },
    });
    await user.type(field("botToken"), "123456789:AAEhBP0av28sHxDY5a7vNp1qZx");
    await user.click(screen.getByTestId("create-channel-submit"));
    expect((await screen.findByTestId("create-channel-error")).textContent).toBe(message);
    expect(onCreated).not.toHaveBeenCalled();
  });

  it("validates numbers and optional fields like the server does", () => {
    const wa = providerFields.whatsapp;
    const errors = (v: Record<string, string>) =>
      validateFields(
        wa.filter((f) => f.key in v),
        v,
      );
    expect(errors({ messagesPerSecond: "0" }).messagesPerSecond).toEqual(["A whole number from 1 to 1000"]);
    expect(errors({ messagesPerSecond: "2.5" }).messagesPerSecond).toEqual(["A whole number from 1 to 1000"]);
    expect(errors({ messagesPerSecond: "abc" }).messagesPerSecond).toEqual(["A whole number from 1 to 1000"]);
    expect(errors({ messagesPerSecond: "80" })).toEqual({});
    expect(errors({ displayPhoneNumber: "" })).toEqual({});
    expect(errors({ displayPhoneNumber: "9".repeat(41) }).displayPhoneNumber).toHaveLength(1);
  });

  it("asks for every credential the contract requires", () => {
    const keys = (t: keyof typeof providerFields, group: "settings" | "secrets") =>
      providerFields[t]
        .filter((f) => f.group === group && f.required)
        .map((f) => f.key)
        .sort();
    expect(keys("whatsapp", "secrets")).toEqual(Object.keys(whatsappSecretsSchema.shape).sort());
    expect(keys("telegram", "secrets")).toEqual(Object.keys(telegramSecretsSchema.shape).sort());
    expect(keys("instagram", "secrets")).toEqual(Object.keys(instagramSecretsSchema.shape).sort());
    expect(keys("x", "secrets")).toEqual(Object.keys(xSecretsSchema.shape).sort());
    // Settings without a default are the ones an admin must enter.
    const mustEnter = Object.entries(whatsappSettingsSchema.shape)
      .filter(([, s]) => s.safeParse(undefined).success === false)
      .map(([k]) => k)
      .sort();
    expect(keys("whatsapp", "settings")).toEqual(mustEnter);
  });
});
