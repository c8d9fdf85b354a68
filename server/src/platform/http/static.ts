import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Express } from "express";

export const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../dist");

/** The built console at / (SPA fallback) and the widget at /widget.js. */
export function serveStatic(app: Express) {
  const web = path.join(distDir, "web");
  const widget = path.join(distDir, "widget", "widget.js");
  app.get("/widget.js", (_req, res) => {
    if (!fs.existsSync(widget))
      return void res.status(404).type("text/plain").send("// widget not built: run npm run build");
    res.setHeader("Cache-Control", "public, max-age=300");
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.sendFile(widget);
  });
  app.use("/assets", express.static(path.join(web, "assets"), { immutable: true, maxAge: "1y", fallthrough: false }));
  app.use(express.static(web, { index: false }));
  app.get(/^\/(?!api\/|ws$|webhooks\/).*/, (_req, res) => {
    const index = path.join(web, "index.html");
    if (!fs.existsSync(index))
      return void res.status(503).type("text/plain").send("Console not built: run npm run build");
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(index);
  });
}
