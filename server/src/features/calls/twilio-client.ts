import twilio from "twilio";
import { restAuth, type TwilioCredentials } from "./credentials";

type RequestOptions<T> = Parameters<typeof twilio.RequestClient.prototype.request<T>>[0];

const TWILIO_BASE = "https://api.twilio.com";

/**
 * The official SDK's HTTP client, pointed at TWILIO_API_URL: twilio-node takes a custom
 * `httpClient` (ClientOpts), and every request it builds names `https://api.twilio.com/...`;
 * this rewrites that prefix to the configured base (a local fake in tests, a proxy in some
 * deployments) and changes nothing else (auth, form encoding, repeated fields).
 */
export class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super({ timeout: 15_000 });
  }

  override request<TData>(opts: RequestOptions<TData>) {
    const uri = opts.uri.startsWith(TWILIO_BASE) ? this.baseUrl + opts.uri.slice(TWILIO_BASE.length) : opts.uri;
    return super.request<TData>({ ...opts, uri });
  }
}

/** An SDK client for these credentials (API key pair when set, else account SID + auth token). */
export function twilioClient(c: TwilioCredentials): twilio.Twilio {
  const auth = restAuth(c);
  if (!auth) throw new Error("Twilio credentials have neither an auth token nor an API key");
  const httpClient = c.apiUrl === TWILIO_BASE ? undefined : new BaseUrlRequestClient(c.apiUrl);
  return twilio(auth.username, auth.password, { accountSid: c.accountSid, httpClient });
}
