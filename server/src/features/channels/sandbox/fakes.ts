import type { ChannelType } from "@switchboard/contracts";
import { createInstagramFake } from "../instagram/fake";
import { createTelegramFake } from "../telegram/fake";
import { createWhatsAppFake } from "../whatsapp/fake";
import { createXFake } from "../x/fake";
import type { FakeAccount, ProviderFake } from "./types";

type Factory = (accounts: () => Promise<FakeAccount[]>) => ProviderFake;

/** One fake per provider channel type; the sandbox and the tests use the same code. */
export const fakeFactories: Partial<Record<ChannelType, Factory>> = {
  whatsapp: (accounts) => createWhatsAppFake({ accounts, autoDeliver: true, windowMode: "sync" }),
  telegram: (accounts) => createTelegramFake({ accounts, autoDeliver: true }),
  instagram: (accounts) => createInstagramFake({ accounts }),
  x: (accounts) => createXFake({ accounts }),
};
