import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramFake } from "../src/features/channels/telegram/fake";
import { count } from "./contacts-helpers";
import { serveFake } from "./fakes";
import { bootServer, type Client, drivers, loginAs, type TestServer, waitFor } from "./helpers";

const BOT_ID = "7012345679";
const tgAccount = {
  accountId: BOT_ID,
  secrets: { botToken: `${BOT_ID}:AAH-test_token-abcdefghijklmnopqrstuvw` },
  settings: { botUsername: "phone_bot" },
  webhookUrl: "",
};

// Phone numbers are E.164 wherever they enter: an agent's edit (DEFAULT_COUNTRY for local numbers),
// a new contact, WhatsApp's wa_id (through the sandbox), a Telegram customer sharing their contact,
// and numbers stored before normalisation (the start-up backfill). Search finds them in any format.
describe.each(drivers)("contact phone numbers in E.164 (%s)", (driver) => {
  const fake = createTelegramFake({ accounts: async () => [tgAccount], autoDeliver: true });
  let served: Awaited<ReturnType<typeof serveFake>>;
  let s: TestServer;
  let admin: Client;
  const phoneOf = async (id: string) => (await admin.get(`/api/contacts/${id}`)).body.phone as string | null;

  beforeAll(async () => {
    served = await serveFake(fake.router);
    s = await bootServer(driver, { DEFAULT_COUNTRY: "US", SANDBOX: "1", TELEGRAM_API_URL: served.url });
    admin = await loginAs(s.url);
  }, 180_000);
  afterAll(async () => {
    await s?.stop();
    await served?.close();
  });

  it("an agent's edit and a new contact are stored in E.164; invalid numbers are a 400 with the reason", async () => {
    const created = await admin.post("/api/contacts", { name: "Dana Reyes", phone: "(415) 555-0100" });
    expect(created.status, created.text).toBe(201);
    expect(created.body.phone).toBe("+14155550100");
    const id = created.body.id as string;
    const edited = await admin.patch(`/api/contacts/${id}`, { phone: "+44 20 7946 0958" });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body.phone).toBe("+442079460958");

    const bad = await admin.patch(`/api/contacts/${id}`, { phone: "12345" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("validation_failed");
    expect(bad.body.error.details.fieldErrors.phone[0]).toMatch(/possible|valid|short/i);
    expect(bad.body.error.message).toMatch(/^Phone number: /);
    const letters = await admin.post("/api/contacts", { name: "X", phone: "call me maybe" });
    expect(letters.status).toBe(400);
    expect(letters.body.error.details.fieldErrors.phone).toEqual(["Phone number contains letters"]);
    expect(await phoneOf(id)).toBe("+442079460958");
    // Clearing is allowed.
    expect((await admin.patch(`/api/contacts/${id}`, { phone: null })).body.phone).toBeNull();
  });

  it("the same number twice is a 409 naming the existing contact", async () => {
    const a = await admin.post("/api/contacts", { name: "Once", phone: "+1 212 555 0142" });
    expect(a.status).toBe(201);
    const b = await admin.post("/api/contacts", { name: "Twice", phone: "2125550142" });
    expect(b.status).toBe(409);
    expect(b.body.error.details.contactId).toBe(a.body.id);
  });

  it("a WhatsApp customer's wa_id becomes +E.164 (sandbox)", async () => {
    const ch = await admin.post("/api/channels", { type: "whatsapp", name: "WA sandbox", sandbox: true });
    expect(ch.status, ch.text).toBe(201);
    const said = await admin.post(`/api/sandbox/${ch.body.channel.id}/messages`, {
      customerId: "4915123456789",
      customerName: "Jonas",
      text: "Hallo",
    });
    expect(said.body.webhookStatus).toBe(200);
    await waitFor(async () => (await count(s, "contacts where name = 'Jonas'")) === 1, 10_000);
    const found = await admin.get("/api/contacts?q=Jonas");
    expect(found.body.items[0].phone).toBe("+4915123456789");
    expect(found.body.items[0].channelTypes).toEqual(["whatsapp"]);
  });

  it("a Telegram customer sharing their own contact gives their number in E.164; someone else's card does not", async () => {
    const ch = await admin.post("/api/channels", {
      type: "telegram",
      name: "Bot",
      secrets: { botToken: tgAccount.secrets.botToken },
    });
    expect(ch.status, ch.text).toBe(201);
    await fake.customerMessage(
      tgAccount,
      { id: "880001", name: "Mia Wong" },
      {
        contact: { phone_number: "442079460958", first_name: "Mia", user_id: 880001 },
      },
    );
    await fake.customerMessage(
      tgAccount,
      { id: "880002", name: "Ravi Rao" },
      {
        contact: { phone_number: "14155550199", first_name: "Friend", user_id: 123 },
      },
    );
    await waitFor(async () => (await count(s, "contacts where name in ('Mia Wong', 'Ravi Rao')")) === 2, 10_000);
    const mia = (await admin.get("/api/contacts?q=Mia")).body.items[0];
    expect(mia.phone).toBe("+442079460958");
    const ravi = (await admin.get("/api/contacts?q=Ravi")).body.items[0];
    expect(ravi.phone).toBeNull();
  });

  it("finds a person by number whatever the formatting", async () => {
    const c = await admin.post("/api/contacts", { name: "Searchable Sue", phone: "+1 (646) 555-0177" });
    expect(c.body.phone).toBe("+16465550177");
    for (const q of ["+1 (646) 555-0177", "6465550177", "646-555-0177", "16465550177", "555 0177", "+16465550177"]) {
      const r = await admin.get(`/api/contacts?q=${encodeURIComponent(q)}`);
      expect(r.status).toBe(200);
      expect(
        r.body.items.map((x: { id: string }) => x.id),
        q,
      ).toContain(c.body.id);
    }
    const miss = await admin.get(`/api/contacts?q=${encodeURIComponent("+1 (646) 555-0178")}`);
    expect(miss.body.items.map((x: { id: string }) => x.id)).not.toContain(c.body.id);
  });

  it("stored numbers from before normalisation are rewritten at start-up (backfill), unreadable ones kept", async () => {
    const ids = (
      await s.ctx.database.executeSql(
        `insert into contacts (name, phone) values ('Old One', '(415) 555-0111'), ('Old Two', '44 20 7946 0000'),
         ('Old Three', 'ask reception') returning id, name`,
        [],
      )
    ).rows as { id: string; name: string }[];
    s = await s.restart();
    admin = await loginAs(s.url);
    const byName = Object.fromEntries(await Promise.all(ids.map(async (r) => [r.name, await phoneOf(r.id)])));
    expect(byName).toEqual({ "Old One": "+14155550111", "Old Two": "+442079460000", "Old Three": "ask reception" });
  });
});
