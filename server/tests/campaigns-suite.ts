// One WhatsApp number on a server, pointed at the WhatsApp fake, with its templates synced: the set-up
// every campaign suite shares.
import { afterAll, beforeAll, expect } from "vitest";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { createWhatsAppFake } from "../src/features/channels/whatsapp/fake";
import type { FakeSendLimits } from "../src/features/channels/whatsapp/fake-limits";
import { serveFake } from "./fakes";
import { bootServer, type Client, type Driver, loginAs, type TestServer } from "./helpers";

type Row = Record<string, any>;

/** Fills the fake's order_update template ({{1}} first name, {{2}} an order number). */
export const orderMapping = (order = "#42") => ({
  body: { "1": { field: "first_name", fallback: "there" }, "2": { field: "text", value: order } },
});

/**
 * Registers beforeAll/afterAll for one WhatsApp channel (its templates synced from the fake); the
 * returned `t` is filled in by beforeAll (`t.s`, `t.admin`, `t.channelId`, `t.templates` by name).
 * `t.limits` is read by the fake on every request: assign it to turn its error modes on and off.
 * `prefix`: the first digits of the numbers `contact` makes (files keep their own ranges).
 */
export function useCampaignSuite(
  driver: Driver,
  account: FakeAccount,
  opts: {
    name?: string;
    prefix?: string;
    /** More WhatsApp numbers on the same server and fake: each gets a channel, its templates synced (`t.others`). */
    others?: FakeAccount[];
  } = {},
) {
  const t = {
    s: undefined as unknown as TestServer,
    admin: undefined as unknown as Client,
    channelId: "",
    /** order_update's id (the template most campaigns send). */
    orderUpdate: "",
    templates: {} as Record<string, string>,
    limits: {} as FakeSendLimits,
    seq: 0,
    others: [] as { channelId: string; orderUpdate: string }[],
  };
  const fake = createWhatsAppFake({
    accounts: async () => [account, ...(opts.others ?? [])],
    autoDeliver: false,
    sendLimits: () => t.limits,
  });
  let served: Awaited<ReturnType<typeof serveFake>> | undefined;
  const prefix = opts.prefix ?? "+9197";

  /** A contact with a fresh E.164 number (digits returned too: the fake's `to`); `null` phone: none. */
  const contact = async (name: string | null = "Dana Scully", phone?: string | null) => {
    const number = phone === undefined ? `${prefix}${String(10000000 + t.seq++)}` : phone;
    const r = await t.admin.post("/api/contacts", { name: name ?? "Someone", phone: number });
    expect(r.status, r.text).toBe(201);
    return { id: r.body.id as string, to: number ? number.replace(/\D/g, "") : "" };
  };
  /** A draft sending order_update (unless `over` says otherwise); expects 201 and returns its id. */
  const create = async (over: Record<string, unknown>) => {
    const r = await t.admin.post("/api/campaigns", {
      name: `Campaign ${t.seq++}`,
      channelId: t.channelId,
      templateId: t.orderUpdate,
      mapping: orderMapping(),
      ...over,
    });
    expect(r.status, r.text).toBe(201);
    return r.body.id as string;
  };
  const get = async (id: string) => (await t.admin.get(`/api/campaigns/${id}`)).body;
  const stats = async (id: string) => (await t.admin.get(`/api/campaigns/${id}/stats`)).body;
  const recipients = async (id: string, status?: string) => {
    const r = await t.admin.get(`/api/campaigns/${id}/recipients?limit=100${status ? `&status=${status}` : ""}`);
    expect(r.status, r.text).toBe(200);
    return r.body.items as Row[];
  };
  const byContact = async (id: string, contactId: string) =>
    (await recipients(id)).find((r) => r.contactId === contactId)!;
  const start = async (id: string) => {
    const r = await t.admin.post(`/api/campaigns/${id}/start`);
    expect(r.status, r.text).toBe(200);
    return r.body;
  };
  /** Messages the fake accepted from the business to one number. */
  const accepted = (to: string) => fake.thread(account, to).filter((m) => m.from === "business").length;
  /** The send requests the fake received for one number (accepted or refused). */
  const sendsTo = (to: string) =>
    fake.calls.filter((c) => /\/(marketing_)?messages$/.test(c.path) && (c.body as { to?: string })?.to === to);
  const sql = async (q: string, params: unknown[] = []) => (await t.s.ctx.database.executeSql(q, params)).rows as Row[];

  beforeAll(async () => {
    served = await serveFake(fake.router);
    t.s = await bootServer(driver, { WHATSAPP_API_URL: `${served.url}/v23.0` });
    account.webhookUrl = `${t.s.url}/webhooks/whatsapp`;
    t.admin = await loginAs(t.s.url);
    const r = await t.admin.post("/api/channels", {
      type: "whatsapp",
      name: opts.name ?? "Outreach number",
      settings: account.settings,
      secrets: account.secrets,
    });
    expect(r.status, r.text).toBe(201);
    t.channelId = r.body.channel.id;
    const synced = await t.admin.post("/api/templates/sync", { channelId: t.channelId });
    expect(synced.status, synced.text).toBe(200);
    for (const x of synced.body.items as { name: string; id: string }[]) t.templates[x.name] = x.id;
    t.orderUpdate = t.templates.order_update!;
    for (const [i, other] of (opts.others ?? []).entries()) {
      other.webhookUrl = account.webhookUrl;
      const o = await t.admin.post("/api/channels", {
        type: "whatsapp",
        name: `Other number ${i + 1}`,
        settings: other.settings,
        secrets: other.secrets,
      });
      expect(o.status, o.text).toBe(201);
      const oSynced = await t.admin.post("/api/templates/sync", { channelId: o.body.channel.id });
      expect(oSynced.status, oSynced.text).toBe(200);
      const orderUpdate = (oSynced.body.items as { name: string; id: string }[]).find(
        (x) => x.name === "order_update",
      )!;
      t.others.push({ channelId: o.body.channel.id, orderUpdate: orderUpdate.id });
    }
  });
  afterAll(async () => {
    await t.s?.stop();
    await served?.close();
  });
  return { t, fake, contact, create, get, stats, recipients, byContact, start, accepted, sendsTo, sql };
}
