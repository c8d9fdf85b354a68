import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

/**
 * The embeddable chat widget: one self-contained, minified IIFE (`dist/widget/widget.js`).
 * No chunks, no CSS file (styles live in a string injected into the shadow root), no public dir.
 */
export default defineConfig({
  root,
  publicDir: false,
  logLevel: "warn",
  build: {
    outDir: fileURLToPath(new URL("../dist/widget", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    minify: true,
    sourcemap: false,
    cssCodeSplit: false,
    copyPublicDir: false,
    reportCompressedSize: true,
    lib: {
      entry: fileURLToPath(new URL("./src/main.ts", import.meta.url)),
      formats: ["iife"],
      name: "SwitchboardWidget",
      fileName: () => "widget.js",
    },
  },
});
