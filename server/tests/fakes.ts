import http from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Router } from "express";

/** Serves a provider fake on its own port, like the real provider would be: a separate host. */
export async function serveFake(router: Router) {
  const app = express();
  app.use(router);
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((r) => server.close(() => r())) };
}
