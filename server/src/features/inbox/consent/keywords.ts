import type { ConsentKeywords } from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import type { Db } from "../../../platform/db/client";
import { consentSettings } from "../schema";

/**
 * What a customer writes to stop marketing, or to get it back, as a whole message ("STOP", "Baja",
 * "إلغاء"). Whole-message matches only: "don't stop the deliveries" must not opt anyone out.
 * English first (Meta's and the carriers' own words), then Spanish, Portuguese, Hindi, Arabic and
 * Indonesian. An admin can replace both lists (PUT /api/consent/keywords).
 */
export const DEFAULT_KEYWORDS: ConsentKeywords = {
  optOut: [
    // en
    "stop",
    "stop all",
    "stopall",
    "unsubscribe",
    "cancel",
    "end",
    "quit",
    "opt out",
    "optout",
    // es
    "baja",
    "darme de baja",
    "cancelar",
    "parar",
    "detener",
    "alto",
    // pt
    "sair",
    "descadastrar",
    "cancelar inscrição",
    // hi
    "बंद",
    "बंद करो",
    "रोकें",
    "रुको",
    "अनसब्सक्राइब",
    // ar
    "توقف",
    "إيقاف",
    "إلغاء",
    "إلغاء الاشتراك",
    // id
    "berhenti",
    "batal",
    "hentikan",
    "berhenti langganan",
  ],
  optIn: [
    "start",
    "subscribe",
    "unstop",
    // es
    "alta",
    "suscribir",
    "suscribirme",
    // pt
    "iniciar",
    "assinar",
    "voltar",
    // hi
    "शुरू",
    "शुरू करो",
    // ar
    "ابدأ",
    "اشتراك",
    // id
    "mulai",
    "langganan",
  ],
};

/** Longer messages are never keywords: the inbound hook returns after one length check. */
export const MAX_KEYWORD_LENGTH = 40;

/**
 * One spelling per keyword: case, accents' composed forms, surrounding punctuation and emoji, and
 * Arabic's optional marks (harakat, tatweel, hamza on alef: "الغاء" and "إلغاء" are one word).
 */
export function normalizeKeyword(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u064B-\u065F\u0670\u0640]/g, "")
    .replace(/[إأآ]/g, "ا")
    .replace(/^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu, "")
    .replace(/\s+/g, " ");
}

export type KeywordMatch = "opt_out" | "opt_in" | null;

export class KeywordSets {
  readonly optOut: Set<string>;
  readonly optIn: Set<string>;
  constructor(lists: ConsentKeywords) {
    this.optOut = new Set(lists.optOut.map(normalizeKeyword));
    // A word in both lists means opt-out: stopping wins over starting.
    this.optIn = new Set(lists.optIn.map(normalizeKeyword).filter((k) => !this.optOut.has(k)));
  }
  match(text: string): KeywordMatch {
    const k = normalizeKeyword(text);
    if (this.optOut.has(k)) return "opt_out";
    if (this.optIn.has(k)) return "opt_in";
    return null;
  }
}

/** Could this message be a keyword at all? The only check every inbound message pays for. */
export function mayBeKeyword(text: string): boolean {
  return text.length > 0 && text.length <= MAX_KEYWORD_LENGTH;
}

export async function readKeywords(db: Db): Promise<ConsentKeywords> {
  const [row] = await db.select().from(consentSettings).where(eq(consentSettings.id, 1)).limit(1);
  return row ? { optOut: row.optOut, optIn: row.optIn } : DEFAULT_KEYWORDS;
}

export async function saveKeywords(db: Db, lists: ConsentKeywords): Promise<ConsentKeywords> {
  const clean = {
    optOut: [...new Set(lists.optOut.map((k) => k.trim()).filter(Boolean))],
    optIn: [...new Set(lists.optIn.map((k) => k.trim()).filter(Boolean))],
  };
  await db
    .insert(consentSettings)
    .values({ id: 1, ...clean })
    .onConflictDoUpdate({ target: consentSettings.id, set: { ...clean, updatedAt: new Date() } });
  return clean;
}

/**
 * This process's copy of the lists (the table is the truth): loaded on the first short message,
 * dropped when any process saves new lists (the keywords.changed event reaches every process), and
 * reloaded after a minute at most in case such an event was missed.
 */
export class KeywordCache {
  private sets?: KeywordSets;
  private loadedAt = 0;
  private loading?: Promise<KeywordSets>;
  constructor(private readonly db: Db) {}

  async get(): Promise<KeywordSets> {
    if (this.sets && Date.now() - this.loadedAt < 60_000) return this.sets;
    this.loading ??= readKeywords(this.db)
      .then((lists) => {
        this.sets = new KeywordSets(lists);
        this.loadedAt = Date.now();
        return this.sets;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  invalidate() {
    this.sets = undefined;
  }
}
