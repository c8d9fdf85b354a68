/**
 * Whether a customer's short reply to an AI answer says it worked ("thanks, that solved it") or did
 * not ("that didn't help"), in the languages the responder hands off in: English, Spanish,
 * Portuguese, French, German, Hindi (and romanised Hinglish), Arabic, Indonesian. Deliberately
 * narrow: a thank-you that goes on to ask something ("thanks, but how do I…?") is a new question,
 * not a confirmation, so long messages, questions and "but" clauses are never counted.
 */
export type CustomerVerdict = "resolved" | "unresolved";

const NEGATIVE = [
  /\b(did ?n[o']?t|does ?n[o']?t|doesnt|didnt|did not|does not) (help|work|solve|answer)/,
  /\bnot (helpful|solved|working|what i (asked|meant|need))/,
  /\b(still|it) (does ?n[o']?t|doesnt|is ?n[o']?t|isnt) work/,
  /\bno (me )?(ha )?(ayudo|sirvio|funciona|resolvio)/,
  /\bnao (me )?(ajudou|funcionou|resolveu|funciona)/,
  /\b(ca|cela) (ne m'a pas|n'a pas) (aide|resolu|marche)/,
  /\bpas (aide|utile|resolu)/,
  /\b(hat|das hat) (mir )?nicht geholfen/,
  /\bfunktioniert (immer noch )?nicht/,
  /\btidak (membantu|berhasil|bisa)|\bgak membantu|\bnggak membantu/,
  /madad nahi|kaam nahi/,
  /لم (يساعد|يساعدني|ينفع|يحل)/,
  /मदद नहीं/,
];

const POSITIVE = [
  /\b(thanks|thank you|thank u|thx|ty|cheers|much appreciated)\b/,
  /\b(that|it|this) (solved|fixed|answered|helped|worked)\b/,
  /\b(solved|perfect|works now|it works|got it|all good|problem solved)\b/,
  /\b(muchas )?gracias\b|\bme (sirvio|ayudo)\b|\bresuelto\b/,
  /\bobrigad[oa]\b|\bvaleu\b|\bresolvido\b/,
  /\bmerci\b|\bc'est (bon|regle|resolu)\b/,
  /\bdanke\b|\bvielen dank\b|\bhat geholfen\b/,
  /\bshukriya\b|\bdhanyavaa?d\b|\bthank(s)? ji\b/,
  /शुक्रिया|धन्यवाद/,
  /شكرا|شكرًا|شكراً|تم الحل/,
  /\bterima ?kasih\b|\bmakasih\b|\bmakasi\b/,
];

/** Words that turn a thank-you into the start of another request. */
const BUT = /\b(but|pero|mas|mais|aber|lekin|tapi|namun)\b|لكن|लेकिन/;

export function normalizeReply(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "") // accents off Latin letters; Arabic and Devanagari keep their marks
    .replace(/[’`]/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

export function classifyCustomerVerdict(text: string): CustomerVerdict | null {
  const t = normalizeReply(text);
  if (!t || t.length > 120) return null;
  if (NEGATIVE.some((r) => r.test(t))) return "unresolved";
  if (t.includes("?") || t.includes("؟") || BUT.test(t)) return null;
  if (t.split(" ").length > 12) return null;
  return POSITIVE.some((r) => r.test(t)) ? "resolved" : null;
}
