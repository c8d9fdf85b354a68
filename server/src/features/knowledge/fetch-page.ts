import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import TurndownService from "turndown";
import { AppError } from "../../platform/errors";

const TIMEOUT_MS = 10_000;
const MAX_BYTES = 2 * 1024 * 1024;
const MAX_REDIRECTS = 3;

/**
 * Addresses an admin must not make the server fetch (SSRF): loopback, private, link-local (cloud
 * metadata at 169.254.169.254), carrier-grade NAT, multicast, unspecified, and their IPv6 forms.
 */
export function isPrivateAddress(ip: string): boolean {
  const v4 = ip.startsWith("::ffff:") ? ip.slice(7) : ip;
  if (net.isIPv4(v4)) {
    const [a, b] = v4.split(".").map(Number) as [number, number];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      a >= 224 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 198 && (b === 18 || b === 19))
    );
  }
  const x = ip.toLowerCase();
  return x === "::" || x === "::1" || /^f[cd]/.test(x) || /^fe[89ab]/.test(x) || x.startsWith("ff");
}

/**
 * The check runs in the socket's own DNS lookup, on the address actually connected to, so a name
 * that resolves to a public address for a check and a private one for the request (DNS rebinding)
 * is still refused.
 */
function guardedLookup(allowPrivate: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      const list = addresses as dns.LookupAddress[];
      const bad = list.find((a) => !allowPrivate && isPrivateAddress(a.address));
      if (bad) {
        const e = Object.assign(new Error(`${hostname} resolves to a private address (${bad.address})`), {
          code: "EPRIVATE",
        });
        return callback(e, "", 0);
      }
      if ((options as dns.LookupOptions).all) return callback(null, list as never);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

interface Page {
  url: string;
  contentType: string;
  body: string;
}

function get(
  url: URL,
  allowPrivate: boolean,
  signal: AbortSignal,
): Promise<{ status: number; location?: string; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    if (
      net.isIP(url.hostname.replace(/^\[|\]$/g, "")) &&
      !allowPrivate &&
      isPrivateAddress(url.hostname.replace(/^\[|\]$/g, ""))
    )
      return reject(Object.assign(new Error(`${url.hostname} is a private address`), { code: "EPRIVATE" }));
    const lib = url.protocol === "https:" ? https : http;
    const req = lib.get(
      url,
      {
        lookup: guardedLookup(allowPrivate),
        signal,
        headers: {
          "user-agent": "Switchboard knowledge import",
          accept: "text/html, text/plain, text/markdown;q=0.9, */*;q=0.1",
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const contentType = String(res.headers["content-type"] ?? "");
        if (status >= 300 && status < 400) {
          res.resume();
          return resolve({ status, location: res.headers.location, contentType, body: "" });
        }
        const declared = Number(res.headers["content-length"] ?? 0);
        if (declared > MAX_BYTES) {
          res.destroy();
          return reject(new AppError("payload_too_large", `The page is larger than ${MAX_BYTES / 1024 / 1024} MB`));
        }
        const parts: Buffer[] = [];
        let size = 0;
        res.on("data", (b: Buffer) => {
          size += b.length;
          if (size > MAX_BYTES) {
            res.destroy();
            reject(new AppError("payload_too_large", `The page is larger than ${MAX_BYTES / 1024 / 1024} MB`));
          } else parts.push(b);
        });
        res.on("end", () => resolve({ status, contentType, body: Buffer.concat(parts).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
  });
}

/** Fetches a page with a timeout, a size limit, at most 3 redirects (each re-checked) and the SSRF guard. */
export async function fetchPage(rawUrl: string, opts: { allowPrivate: boolean }): Promise<Page> {
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  let url = new URL(rawUrl);
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (url.protocol !== "http:" && url.protocol !== "https:")
        throw new AppError("bad_request", "Only http and https addresses can be imported");
      const r = await get(url, opts.allowPrivate, signal);
      if (r.status >= 300 && r.status < 400 && r.location) {
        url = new URL(r.location, url);
        continue;
      }
      if (r.status !== 200) throw new AppError("bad_request", `The page answered HTTP ${r.status}`);
      if (!/^(text\/(html|plain|markdown)|application\/xhtml\+xml)/i.test(r.contentType))
        throw new AppError(
          "unsupported_media_type",
          `Only web pages and text can be imported (this is ${r.contentType || "unknown"})`,
        );
      return { url: url.toString(), contentType: r.contentType, body: r.body };
    }
    throw new AppError("bad_request", "The page redirects too many times");
  } catch (err) {
    if (err instanceof AppError) throw err;
    const e = err as Error & { code?: string; name?: string };
    if (e.code === "EPRIVATE")
      throw new AppError("forbidden", `Refused: ${e.message}. Private and local addresses cannot be imported.`);
    if (e.name === "TimeoutError" || e.name === "AbortError" || e.code === "ABORT_ERR")
      throw new AppError("bad_request", `The page did not answer within ${TIMEOUT_MS / 1000} s`);
    throw new AppError("bad_request", `Could not fetch the page: ${e.code ?? e.message}`);
  }
}

/**
 * HTML to Markdown with Turndown (maintained, small, no browser needed): structure such as headings
 * and lists survives, which chunking cuts by. Page furniture (scripts, navigation, footers, forms)
 * is dropped first; when the page marks its content with <main> or <article>, only that is kept.
 */
export function htmlToMarkdown(html: string): { title: string | null; markdown: string } {
  const title = /<title[^>]*>([^<]{1,300})<\/title>/i.exec(html)?.[1]?.trim() ?? null;
  const main = /<(main|article)\b[^>]*>([\s\S]*?)<\/\1>/i.exec(html)?.[2];
  const td = new TurndownService({ headingStyle: "atx", codeBlockStyle: "fenced", bulletListMarker: "-" });
  td.remove((node) => node.nodeName === "SVG" || node.nodeName === "svg");
  td.remove(["script", "style", "noscript", "iframe", "nav", "footer", "header", "aside", "form", "button", "head"]);
  const markdown = td
    .turndown(main ?? html)
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return { title: title ? decodeEntities(title) : null, markdown };
}

function decodeEntities(s: string) {
  return s
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}
