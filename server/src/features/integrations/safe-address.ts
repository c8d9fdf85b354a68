import dns from "node:dns";
import net from "node:net";
import { AppError } from "../../platform/errors";

/**
 * SSRF defence for outgoing webhooks: an integrator's URL must not reach our own network (the
 * database, cloud metadata at 169.254.169.254, the admin's router). Checked when a subscription is
 * saved (a clear 400) and again on every connection through `safeLookup`, which is the address the
 * socket actually connects to: a DNS answer that changes after the check (rebinding) cannot slip by.
 */
export function isPrivateAddress(address: string): boolean {
  if (net.isIPv4(address)) {
    const [a, b] = address.split(".").map(Number) as [number, number];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
      (a === 169 && b === 254) || // link-local, cloud metadata
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 198 && (b === 18 || b === 19)) || // benchmarking
      a >= 224 // multicast, reserved, broadcast
    );
  }
  const v6 = address.toLowerCase();
  if (v6.startsWith("::ffff:")) return isPrivateAddress(v6.slice(7));
  return (
    v6 === "::" ||
    v6 === "::1" ||
    v6.startsWith("fc") ||
    v6.startsWith("fd") || // unique local
    v6.startsWith("fe8") ||
    v6.startsWith("fe9") ||
    v6.startsWith("fea") ||
    v6.startsWith("feb") || // link-local
    v6.startsWith("ff") // multicast
  );
}

/** `dns.lookup` for http.request that refuses private answers (unless the install allows them). */
export function safeLookup(allowPrivate: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      const list = addresses as dns.LookupAddress[];
      const bad = list.find((a) => isPrivateAddress(a.address));
      if (bad && !allowPrivate) {
        const e = Object.assign(new Error(`${hostname} resolves to a private address (${bad.address})`), {
          code: "EPRIVATE",
        });
        return callback(e, "", 0);
      }
      if ((options as dns.LookupOptions).all) return callback(null, list as never, 0);
      const first = list[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/** Refuses a URL that names or resolves to a private address: a 400 when the subscription is saved. */
export async function assertPublicUrl(url: string, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".internal"))
    throw new AppError("validation_failed", `Webhook URLs cannot point at ${host}`);
  const addresses = net.isIP(host)
    ? [host]
    : await dns.promises
        .lookup(host, { all: true })
        .then((l) => l.map((a) => a.address))
        .catch(() => {
          throw new AppError("validation_failed", `Cannot resolve ${host}`);
        });
  const bad = addresses.find(isPrivateAddress);
  if (bad)
    throw new AppError(
      "validation_failed",
      `Webhook URLs must be public: ${host} is a private or loopback address (${bad}). Set WEBHOOKS_ALLOW_PRIVATE=1 to allow it.`,
    );
}
