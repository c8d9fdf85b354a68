import type { ChannelType } from "@switchboard/contracts";
import { createWhatsAppFake } from "../whatsapp/fake";
import type { FakeAccount, ProviderFake } from "./types";

type Factory = (accounts: () => Promise<FakeAccount[]>) => ProviderFake;

/** One fake per provider channel type; the sandbox and the tests use the same code. */
export const fakeFactories: Partial<Record<ChannelType, Factory>> = {
  whatsapp: (accounts) => createWhatsAppFake({ accounts, autoDeliver: true, windowMode: "sync" }),
};
