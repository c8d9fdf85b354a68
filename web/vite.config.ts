import { fileURLToPath } from "node:url";
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig, type ProxyOptions } from "vite";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const target = process.env.SWITCHBOARD_API ?? "http://localhost:5000";

/** The server checks that a mutating request's Origin matches itself: present the proxied requests as same-origin. */
const sameOrigin: ProxyOptions = {
  target,
  changeOrigin: true,
  configure: (proxy) => {
    proxy.on("proxyReq", (req) => {
      if (req.getHeader("origin")) req.setHeader("origin", target);
    });
    proxy.on("proxyReqWs", (req) => {
      if (req.getHeader("origin")) req.setHeader("origin", target);
    });
  },
};

export default defineConfig({
  root: here("."),
  plugins: [react(), tailwindcss()],
  resolve: {
    alias: {
      // The Zod-free part of the contracts first (a prefix of the next one): the initial bundle uses it.
      "@switchboard/contracts/values": here("../contracts/src/values.ts"),
      "@switchboard/contracts": here("../contracts/src/index.ts"),
      "@": here("./src"),
    },
  },
  build: {
    outDir: here("../dist/web"),
    emptyOutDir: true,
    sourcemap: false,
    // The budget that matters is the gzipped initial JS (≤ 250 KB, checked by `npm run bench`).
    chunkSizeWarningLimit: 800,
  },
  server: {
    port: 5173,
    proxy: {
      "/api": sameOrigin,
      "/ws": { ...sameOrigin, ws: true },
      "/widget.js": sameOrigin,
      "/healthz": sameOrigin,
    },
  },
  preview: { port: 4173 },
});
