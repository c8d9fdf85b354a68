/**
 * The WhatsApp fake for bench/campaign-send.ts in a process of its own (`tsx bench/campaign-fake.ts`,
 * forked with IPC): Meta is another host, so the fake's CPU must not be counted as the server's.
 * It tells the parent its URL, then answers "report" with every accepted send (when, attempt id
 * from biz_opaque_callback_data, to whom) and its own CPU since the last "reset".
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { createWhatsAppFake } from "../server/src/features/channels/whatsapp/fake";

const account = JSON.parse(process.env.BENCH_FAKE_ACCOUNT!);
const fake = createWhatsAppFake({ accounts: async () => [{ ...account, webhookUrl: "" }], autoDeliver: false });
let accepted: [number, string, string][] = [];
let cpu0 = process.cpuUsage();
const app = express();
app.use(express.json({ limit: "1mb" }));
app.use((req, res, next) => {
  if (req.method === "POST" && req.path.endsWith("/messages"))
    res.on("finish", () => {
      if (res.statusCode === 200)
        accepted.push([Date.now(), String(req.body?.biz_opaque_callback_data), String(req.body?.to)]);
    });
  next();
});
app.use(fake.router);
const server = http.createServer(app);
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.send!({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
process.on("message", (m: { cmd: string }) => {
  if (m.cmd === "reset") {
    accepted = [];
    cpu0 = process.cpuUsage();
    process.send!({ ok: true });
  } else if (m.cmd === "report") {
    const cpu = process.cpuUsage(cpu0);
    process.send!({ accepted, cpuMs: (cpu.user + cpu.system) / 1000 });
  } else if (m.cmd === "exit") server.close(() => process.exit(0));
});
