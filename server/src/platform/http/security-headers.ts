import type { NextFunction, Request, Response } from "express";

/**
 * The console's Content-Security-Policy, derived from what the built console actually loads:
 * - scripts: only our own files (Vite emits external module scripts; theme-init.js is a file, not inline);
 * - styles: our CSS plus inline <style> elements, which Radix's scroll lock and sonner inject at runtime;
 * - fonts: Inter is bundled by @fontsource (served from /assets);
 * - images: our attachments, data:/blob: previews, and avatars hosted by providers (https:);
 * - connections: our API and the /ws socket ('self' covers ws:/wss: to the same host in CSP 3).
 * frame-ancestors 'none' (and X-Frame-Options for old browsers): nobody may frame the console
 * (clickjacking). Attachments replace this with their own sandbox policy.
 */
const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data: blob: https:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Not for what customers' sites load from us: the widget script is embedded on their pages and the
 * widget API is called cross-origin, so a console policy there would only get in the way.
 */
const EMBEDDED = /^\/(api\/widget(\/|$)|widget\.js$)/;

export function consoleSecurityHeaders(req: Request, res: Response, next: NextFunction) {
  if (!EMBEDDED.test(req.path)) {
    res.setHeader("Content-Security-Policy", CONSOLE_CSP);
    res.setHeader("X-Frame-Options", "DENY");
  }
  next();
}
