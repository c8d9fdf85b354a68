/**
 * Load generator, run as its own process: posts signed WhatsApp text webhooks at a fixed rate
 * (open model: requests are sent on schedule whether or not earlier ones answered) and prints
 * one JSON line with the acknowledgement latencies.
 * argv: url rate seconds appSecret phoneNumberId [redeliveries]
 */
import crypto from "node:crypto";
import http from "node:http";

const [url, rateArg, secondsArg, appSecret, phoneNumberId, redeliverArg] = process.argv.slice(2);
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const redeliveries = Number(redeliverArg ?? 1);
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
const target = new URL(url!);

function payload(i: number) {
  const from = `4477009${String(i % 5000).padStart(5, "0")}`;
  const body = JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "1",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550001111", phone_number_id: phoneNumberId },
              contacts: [{ profile: { name: `Load ${i % 5000}` }, wa_id: from }],
              messages: [
                {
                  from,
                  id: `wamid.load${process.pid}.${i}`,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  type: "text",
                  text: { body: `load t=${Date.now()} i=${i}` },
                },
              ],
            },
          },
        ],
      },
    ],
  });
  return { body, sig: `sha256=${crypto.createHmac("sha256", appSecret!).update(body).digest("hex")}` };
}

function post(body: string, sig: string): Promise<{ ms: number; status: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "x-hub-signature-256": sig,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ ms: performance.now() - t0, status: res.statusCode ?? 0 }));
      },
    );
    req.on("error", () => resolve({ ms: performance.now() - t0, status: 0 }));
    req.end(body);
  });
}

const total = Math.round(rate * seconds);
const results: Promise<{ ms: number; status: number }>[] = [];
const start = performance.now();
let i = 0;
await new Promise<void>((done) => {
  const tick = () => {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
    while (i < due) {
      const p = payload(i++);
      for (let r = 0; r < redeliveries; r++) results.push(post(p.body, p.sig));
    }
    if (i >= total) return done();
    setImmediate(tick);
  };
  tick();
});
const all = await Promise.all(results);
const elapsed = (performance.now() - start) / 1000;
const ok = all.filter((r) => r.status === 200);
const lat = ok.map((r) => r.ms).sort((a, b) => a - b);
const q = (p: number) => lat[Math.min(lat.length - 1, Math.ceil((p / 100) * lat.length) - 1)] ?? Number.NaN;
console.log(
  JSON.stringify({
    sent: all.length,
    ok: ok.length,
    errors: all.length - ok.length,
    elapsed,
    ackPerSec: ok.length / elapsed,
    p50: q(50),
    p99: q(99),
    unique: total,
  }),
);
agent.destroy();
