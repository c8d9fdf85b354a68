import crypto from "node:crypto";
import express, { type Request, type Response, type Router } from "express";

/**
 * A Twilio stand-in speaking Programmable Voice's wire format (wire-protocols.md §5): the Calls API
 * behind HTTP Basic auth (account SID + auth token, or an API key pair), callbacks to the URLs a
 * call was created with, signed with X-Twilio-Signature (computed here independently of the SDK),
 * and recordings behind Basic auth as real μ-law WAV files generated in code.
 */
export interface TwilioFakeOptions {
  accountSid: string;
  authToken: string;
  apiKeys?: { sid: string; secret: string }[];
}

export interface FakeCall {
  sid: string;
  /** The create request's form fields as sent (repeated fields as arrays). */
  params: Record<string, string | string[]>;
  auth: string;
  sequence: number;
  recordingSid: string | null;
  /** The call's status as Twilio itself knows it (GET /Calls/{sid}.json), whether or not a callback got through. */
  status?: string;
  duration?: number;
  endedAt?: Date;
}

const hex = (n: number) => crypto.randomBytes(n).toString("hex");

/** Twilio's signature (wire-protocols.md §5.3): base64 HMAC-SHA1 over the URL + sorted name/value pairs. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string | string[]>): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const v = params[name]!;
    for (const value of Array.isArray(v) ? [...new Set(v)].sort() : [v]) data += name + value;
  }
  return crypto.createHmac("sha1", authToken).update(Buffer.from(data, "utf8")).digest("base64");
}

/** G.711 μ-law of one 16-bit linear sample. */
function muLaw(sample: number): number {
  const BIAS = 0x84;
  const sign = sample < 0 ? 0x80 : 0;
  let s = Math.min(Math.abs(sample), 32635) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  s = ~(sign | (exponent << 4) | mantissa);
  return s & 0xff;
}

/** A real WAV file: μ-law (format 7), 8 kHz, two channels (callee, agent), tones of 440 and 660 Hz. */
export function muLawWav(seconds = 1): Buffer {
  const rate = 8000;
  const frames = Math.round(rate * seconds);
  const data = Buffer.alloc(frames * 2);
  for (let i = 0; i < frames; i++) {
    data[i * 2] = muLaw(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)));
    data[i * 2 + 1] = muLaw(Math.round(8000 * Math.sin((2 * Math.PI * 660 * i) / rate)));
  }
  const fmt = Buffer.alloc(18);
  fmt.writeUInt16LE(7, 0); // WAVE_FORMAT_MULAW
  fmt.writeUInt16LE(2, 2);
  fmt.writeUInt32LE(rate, 4);
  fmt.writeUInt32LE(rate * 2, 8);
  fmt.writeUInt16LE(2, 12);
  fmt.writeUInt16LE(8, 14);
  fmt.writeUInt16LE(0, 16);
  const fact = Buffer.alloc(4);
  fact.writeUInt32LE(frames, 0);
  const chunk = (id: string, body: Buffer) => {
    const h = Buffer.alloc(8);
    h.write(id, 0, "ascii");
    h.writeUInt32LE(body.length, 4);
    return Buffer.concat([h, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  };
  const body = Buffer.concat([
    Buffer.from("WAVE", "ascii"),
    chunk("fmt ", fmt),
    chunk("fact", fact),
    chunk("data", data),
  ]);
  const riff = Buffer.alloc(8);
  riff.write("RIFF", 0, "ascii");
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

const restError = (res: Response, status: number, code: number, message: string) =>
  void res.status(status).json({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

export function createTwilioFake(opts: TwilioFakeOptions) {
  const calls = new Map<string, FakeCall>();
  const recordings = new Map<string, Buffer>();
  const log: { method: string; path: string; status: number }[] = [];
  /** Set to make the next Calls.json requests answer this HTTP status (Twilio errors). */
  const mode = {
    createStatus: null as number | null,
    recordingStatus: null as number | null,
    updateStatus: null as number | null,
  };
  /** Calls API updates (POST /Calls/{sid}.json) as received: the form fields (Twiml, Url, Status). */
  const updates: { sid: string; params: Record<string, string | string[]> }[] = [];

  /** The username of valid Basic credentials for the account, or null. */
  function authOf(req: Request): string | null {
    const h = req.get("authorization") ?? "";
    if (!h.startsWith("Basic ")) return null;
    const [user, ...rest] = Buffer.from(h.slice(6), "base64").toString("utf8").split(":");
    const pass = rest.join(":");
    if (user === opts.accountSid && pass === opts.authToken) return user;
    if (opts.apiKeys?.some((k) => k.sid === user && k.secret === pass)) return user!;
    return null;
  }

  const router: Router = express.Router();
  router.use((req, res, next) => {
    res.on("finish", () => log.push({ method: req.method, path: req.path, status: res.statusCode }));
    next();
  });
  router.post(
    "/2010-04-01/Accounts/:account/Calls.json",
    express.urlencoded({ extended: false }),
    (req: Request, res: Response) => {
      const auth = authOf(req);
      if (!auth) return restError(res, 401, 20003, "Authenticate");
      if (req.params.account !== opts.accountSid)
        return restError(res, 404, 20404, "The requested resource was not found");
      if (mode.createStatus) return restError(res, mode.createStatus, 20500, "Internal Server Error");
      const p = req.body as Record<string, string | string[]>;
      if (!p.To) return restError(res, 400, 21201, "No 'To' number is specified");
      if (!p.From) return restError(res, 400, 21213, "No 'From' number is specified");
      if (!p.Url && !p.Twiml) return restError(res, 400, 21205, "Url parameter is required");
      const sid = `CA${hex(16)}`;
      calls.set(sid, { sid, params: p, auth, sequence: 0, recordingSid: null });
      const now = new Date().toUTCString().replace("GMT", "+0000");
      res.status(201).json({
        sid,
        account_sid: opts.accountSid,
        to: p.To,
        to_formatted: p.To,
        from: p.From,
        from_formatted: p.From,
        status: "queued",
        direction: "outbound-api",
        answered_by: null,
        api_version: "2010-04-01",
        date_created: now,
        date_updated: now,
        start_time: null,
        end_time: null,
        duration: null,
        price: null,
        price_unit: "USD",
        parent_call_sid: null,
        phone_number_sid: null,
        forwarded_from: null,
        group_sid: null,
        caller_name: null,
        queue_time: "0",
        trunk_sid: null,
        uri: `/2010-04-01/Accounts/${opts.accountSid}/Calls/${sid}.json`,
        subresource_uris: {},
      });
    },
  );
  router.post(
    "/2010-04-01/Accounts/:account/Calls/:file",
    express.urlencoded({ extended: false }),
    (req: Request, res: Response) => {
      if (!authOf(req)) return restError(res, 401, 20003, "Authenticate");
      const sid = /^(CA[0-9a-f]{32})\.json$/.exec(req.params.file as string)?.[1];
      const c = sid && req.params.account === opts.accountSid ? calls.get(sid) : undefined;
      if (!c || !sid) return restError(res, 404, 20404, "The requested resource was not found");
      if (mode.updateStatus)
        return restError(res, mode.updateStatus, 21220, "Call is not in-progress. Cannot redirect.");
      updates.push({ sid, params: req.body as Record<string, string | string[]> });
      res
        .status(200)
        .json({ sid, account_sid: opts.accountSid, status: "in-progress", to: c.params.To, from: c.params.From });
    },
  );
  // Fetch one call (the lost-call sweeper asks for a final status no callback brought).
  router.get("/2010-04-01/Accounts/:account/Calls/:file", (req: Request, res: Response) => {
    if (!authOf(req)) return restError(res, 401, 20003, "Authenticate");
    const sid = /^(CA[0-9a-f]{32})\.json$/.exec(req.params.file as string)?.[1];
    const c = sid && req.params.account === opts.accountSid ? calls.get(sid) : undefined;
    if (!c || !sid) return restError(res, 404, 20404, "The requested resource was not found");
    const rfc2822 = (d: Date) => d.toUTCString().replace("GMT", "+0000");
    res.status(200).json({
      sid,
      account_sid: opts.accountSid,
      to: c.params.To,
      from: c.params.From,
      status: c.status ?? "queued",
      direction: "outbound-api",
      answered_by: null,
      api_version: "2010-04-01",
      start_time: null,
      end_time: c.endedAt ? rfc2822(c.endedAt) : null,
      duration: c.duration === undefined ? null : String(c.duration),
      uri: `/2010-04-01/Accounts/${opts.accountSid}/Calls/${sid}.json`,
    });
  });
  router.get("/2010-04-01/Accounts/:account/Recordings/:file", (req: Request, res: Response) => {
    if (!authOf(req)) return restError(res, 401, 20003, "Authenticate");
    if (mode.recordingStatus) return restError(res, mode.recordingStatus, 20500, "Internal Server Error");
    const m = /^(RE[0-9a-f]{32})(\.wav|\.mp3)?$/.exec(req.params.file as string);
    const bytes = m && req.params.account === opts.accountSid ? recordings.get(m[1]!) : undefined;
    if (!bytes) return restError(res, 404, 20404, "The requested resource was not found");
    res.status(200).type("audio/x-wav").send(bytes);
  });

  const base = (sid: string) => {
    const c = calls.get(sid);
    if (!c) throw new Error(`fake: no call ${sid}`);
    return {
      c,
      params: {
        AccountSid: opts.accountSid,
        CallSid: sid,
        From: String(c.params.From),
        To: String(c.params.To),
        Direction: "outbound-api",
        ApiVersion: "2010-04-01",
      } as Record<string, string>,
    };
  };

  /** POSTs a signed form, as Twilio does; `signWith` overrides the token (a forged callback). */
  async function post(url: string, params: Record<string, string>, signWith = opts.authToken, signUrl = url) {
    const res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": twilioSignature(signWith, signUrl, params),
        "user-agent": "TwilioProxy/1.1",
      },
      body: new URLSearchParams(params).toString(),
    });
    return { status: res.status, text: await res.text() };
  }

  /** The newest TwiML our server pushed to a call with the Calls API update. */
  const lastTwiml = (sid: string) => String([...updates].reverse().find((u) => u.sid === sid)?.params.Twiml ?? "");
  const attr = (xml: string, tag: string, name: string) => {
    const m = new RegExp(`<${tag}\\b[^>]*\\b${name}="([^"]*)"`).exec(xml);
    if (!m) throw new Error(`fake: no ${tag} ${name} in ${xml}`);
    return m[1]!.replace(/&amp;/g, "&");
  };

  return {
    router,
    calls,
    updates,
    lastTwiml,
    recordings,
    log,
    mode,
    post,
    /** A status callback (CallStatus as Twilio spells it: initiated, ringing, in-progress, completed, busy, no-answer...). */
    status(sid: string, callStatus: string, extra: Record<string, string> = {}) {
      const { c, params } = base(sid);
      c.status = callStatus;
      return post(String(c.params.StatusCallback), {
        ...params,
        CallStatus: callStatus,
        CallbackSource: "call-progress-events",
        SequenceNumber: String(c.sequence++),
        Timestamp: new Date().toUTCString().replace("GMT", "+0000"),
        ...extra,
      });
    },
    /** The call ends at Twilio but its final status callback never reaches us (lost on the way). */
    endSilently(sid: string, callStatus: string, durationSeconds: number) {
      const c = calls.get(sid);
      if (!c) throw new Error(`fake: no call ${sid}`);
      Object.assign(c, { status: callStatus, duration: durationSeconds, endedAt: new Date() });
    },
    /** Twilio asks the call's Url for TwiML once the callee answers. */
    voice(sid: string) {
      const { c, params } = base(sid);
      return post(String(c.params.Url), { ...params, CallStatus: "in-progress" });
    },
    amd(sid: string, answeredBy: string) {
      const { c, params } = base(sid);
      return post(String(c.params.AsyncAmdStatusCallback), {
        ...params,
        AnsweredBy: answeredBy,
        MachineDetectionDuration: "2100",
      });
    },
    /** The recording callback; `completed` also makes the recording downloadable. */
    recording(sid: string, recordingStatus: "in-progress" | "completed" | "absent" | "failed", seconds = 1) {
      const { c } = base(sid);
      c.recordingSid ??= `RE${hex(16)}`;
      if (recordingStatus === "completed") recordings.set(c.recordingSid, muLawWav(seconds));
      return post(String(c.params.RecordingStatusCallback), {
        AccountSid: opts.accountSid,
        CallSid: sid,
        RecordingSid: c.recordingSid,
        RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${opts.accountSid}/Recordings/${c.recordingSid}`,
        RecordingStatus: recordingStatus,
        ...(recordingStatus === "completed" ? { RecordingDuration: String(seconds), RecordingChannels: "2" } : {}),
        RecordingSource: "OutboundAPI",
        RecordingStartTime: new Date().toUTCString().replace("GMT", "+0000"),
        ...(recordingStatus === "failed" ? { ErrorCode: "13617" } : {}),
      });
    },
    /** The human at the transfer number answers: Twilio asks the <Number url> of the call's <Dial> for the whisper. */
    whisper(sid: string) {
      const { params } = base(sid);
      const xml = lastTwiml(sid);
      const to = /<Number\b[^>]*>([^<]+)<\/Number>/.exec(xml)?.[1] ?? "";
      return post(attr(xml, "Number", "url"), {
        AccountSid: opts.accountSid,
        CallSid: `CA${hex(16)}`,
        ParentCallSid: sid,
        From: params.From!,
        To: to,
        Direction: "outbound-dial",
        CallStatus: "in-progress",
        ApiVersion: "2010-04-01",
      });
    },
    /** The <Dial> ended: Twilio requests its action with DialCallStatus (completed, no-answer, busy, failed, canceled). */
    dialEnded(sid: string, dialCallStatus: string) {
      const { params } = base(sid);
      return post(attr(lastTwiml(sid), "Dial", "action"), {
        ...params,
        CallStatus: "in-progress",
        DialCallStatus: dialCallStatus,
        DialCallSid: `CA${hex(16)}`,
        ...(dialCallStatus === "completed" ? { DialCallDuration: "42" } : {}),
      });
    },
    /** An inbound call to our number: Twilio asks the number's voice URL for TwiML. */
    inbound(voiceUrl: string, from: string, to: string) {
      const sid = `CA${hex(16)}`;
      return post(voiceUrl, {
        AccountSid: opts.accountSid,
        CallSid: sid,
        From: from,
        To: to,
        Direction: "inbound",
        CallStatus: "ringing",
        ApiVersion: "2010-04-01",
      }).then((r) => ({ ...r, sid }));
    },
  };
}
export type TwilioFake = ReturnType<typeof createTwilioFake>;
