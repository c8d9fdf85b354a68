import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInstagramFake } from "../src/features/channels/instagram/fake";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { serveFake } from "./fakes";
import { bootServer, type Client, drivers, loginAs, type TestServer, waitFor } from "./helpers";

const ACCOUNT_ID = "17841400000000077";
const account: FakeAccount = {
  accountId: ACCOUNT_ID,
  secrets: { accessToken: "IGAAprofile-token", appSecret: "ig-app-secret-profile" },
  settings: { accountId: ACCOUNT_ID, humanAgentTag: false },
  webhookUrl: "",
};
const igsid = () => `65123${crypto.randomInt(1e9, 1e10)}`;

/** Instagram webhooks name no one: the User Profile API does, in a job after the first message. */
describe.each(drivers)("Instagram customer profiles (%s)", (driver) => {
  let served: Awaited<ReturnType<typeof serveFake>>;
  const fake = createInstagramFake({ accounts: async () => [account], mediaBase: () => served.url });
  let s: TestServer;
  let admin: Client;
  const sql = async <T = any>(text: string, values: unknown[] = []) =>
    (await s.ctx.database.executeSql(text, values)).rows as T[];
  const contactOf = async (customer: string) =>
    (
      await sql<{ id: string; name: string | null; avatar_url: string | null }>(
        "select c.id, c.name, c.avatar_url from contacts c join contact_identities i on i.contact_id = c.id where i.external_id = $1",
        [customer],
      )
    )[0];
  const inboundCount = async (customer: string) =>
    (
      await sql<{ n: number }>(
        "select count(*)::int as n from messages m join conversations c on c.id = m.conversation_id join contact_identities i on i.id = c.identity_id where i.external_id = $1",
        [customer],
      )
    )[0]!.n;
  const lookups = (customer: string) => fake.calls.filter((c) => c.method === "GET" && c.path === `/v23.0/${customer}`);

  beforeAll(async () => {
    served = await serveFake(fake.router);
    s = await bootServer(driver, { INSTAGRAM_API_URL: `${served.url}/v23.0` });
    account.webhookUrl = `${s.url}/webhooks/instagram`;
    admin = await loginAs(s.url);
    const r = await admin.post("/api/channels", {
      type: "instagram",
      name: "Shop Instagram",
      settings: { accountId: ACCOUNT_ID },
      secrets: account.secrets,
    });
    expect(r.status, r.text).toBe(201);
  });
  afterAll(async () => {
    await s.stop();
    await served.close();
  });

  it("the fake answers the User Profile API in Meta's format (requested fields, unset ones left out)", async () => {
    const who = igsid();
    fake.setProfile(account, who, { name: "Lucía Fernández", username: "lucia.fz", avatar: true });
    await fake.customerSays(account, { id: who, name: "ignored" }, "hola");
    const get = (fields: string, token = account.secrets.accessToken) =>
      fetch(`${served.url}/v23.0/${who}?fields=${fields}`, { headers: { authorization: `Bearer ${token}` } });
    const full = await (await get("name,username,profile_pic")).json();
    expect(Object.keys(full).sort()).toEqual(["id", "name", "profile_pic", "username"]);
    expect(full).toMatchObject({ id: who, name: "Lucía Fernández", username: "lucia.fz" });
    expect(await (await get("username")).json()).toEqual({ username: "lucia.fz", id: who });
    const bad = await get("name", "wrong");
    expect(bad.status).toBe(401);
    expect((await bad.json()).error.code).toBe(190);
    // No message from this person: no consent, Graph error 230.
    const stranger = await fetch(`${served.url}/v23.0/${igsid()}?fields=name`, {
      headers: { authorization: `Bearer ${account.secrets.accessToken}` },
    });
    expect(stranger.status).toBe(400);
    expect((await stranger.json()).error.code).toBe(230);
  });

  it("names a new customer and sets their picture after the first message", async () => {
    const who = igsid();
    fake.setProfile(account, who, { name: "Lucía Fernández", username: "lucia.fz", avatar: true });
    await fake.customerSays(account, { id: who, name: "ignored" }, "¿tienen talla M?");
    await waitFor(async () => (await contactOf(who))?.name === "Lucía Fernández");
    expect((await contactOf(who))!.avatar_url).toMatch(new RegExp(`^${served.url}/cdn/`));
    const call = lookups(who).at(-1)!;
    expect(call).toBeTruthy();
    // A second message does not ask again: the contact has a name now.
    const before = lookups(who).length;
    await fake.customerSays(account, { id: who, name: "ignored" }, "gracias");
    await waitFor(async () => (await inboundCount(who)) === 2);
    expect(lookups(who).length).toBe(before);
  });

  it("falls back to @username when the profile has no name", async () => {
    const who = igsid();
    fake.setProfile(account, who, { name: null, username: "kofi_mensah" });
    await fake.customerSays(account, { id: who, name: "" }, "hi");
    await waitFor(async () => (await contactOf(who))?.name === "@kofi_mensah");
    expect((await contactOf(who))!.avatar_url).toBeNull();
  });

  it("a failing lookup never blocks the message, and an agent's name for the customer is kept", async () => {
    const who = igsid();
    // Meta refuses the lookup (no consent recorded): error 230.
    fake.setProfile(account, who, { name: "Priya Raman", username: "priya.r", consent: false });
    await fake.customerSays(account, { id: who, name: "" }, "first");
    await waitFor(async () => (await inboundCount(who)) === 1);
    await waitFor(async () => lookups(who).length === 1);
    const contact = (await contactOf(who))!;
    expect(contact.name).toBeNull();
    // The agent names them; the next message must not replace that with the profile's name.
    expect((await admin.patch(`/api/contacts/${contact.id}`, { name: "Priya (wholesale)" })).status).toBe(200);
    await fake.customerSays(account, { id: who, name: "" }, "second");
    await waitFor(async () => (await inboundCount(who)) === 2);
    expect((await contactOf(who))!.name).toBe("Priya (wholesale)");
    expect(lookups(who).length).toBe(1);
  });
});
