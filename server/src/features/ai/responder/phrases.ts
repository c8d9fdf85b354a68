/**
 * What a customer's words say about wanting a person, in the languages the issue lists (English,
 * Spanish, Portuguese, French, German, Hindi in Devanagari and romanised, Arabic, Indonesian). Pure
 * and tested (ai-responder-phrases.test.ts). Text is normalised first (case, Latin accents, Arabic
 * letter variants and diacritics, punctuation), so patterns are written without accents.
 *
 * Three strengths, as Intercom Fin's policy has them: a CLEAR request ("I want to talk to a person")
 * hands off at once; a BARE word ("agent", "humano") or FRUSTRATION ("this is useless") makes the AI
 * offer a person once; a short YES / NO answers that offer.
 */
export type PhraseLanguage = "en" | "es" | "pt" | "fr" | "de" | "hi" | "ar" | "id";

/** Latin combining accents only: Devanagari vowel signs and virama are marks too and carry meaning. */
const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .normalize("NFC")
    .toLowerCase();

export function normalise(text: string): string {
  return (
    fold(text)
      // Arabic: hamza-carrying alefs, alef maqsura, ta marbuta, tatweel and short-vowel marks.
      .replace(/[أإآٱ]/g, "ا")
      .replace(/ى/g, "ي")
      .replace(/ة/g, "ه")
      .replace(/[\u0640\u064B-\u0652]/g, "")
      .replace(/ß/g, "ss")
      // Punctuation of every script (Devanagari danda, Arabic comma and question mark) becomes a space.
      .replace(/[^\p{L}\p{M}\p{N}]+/gu, " ")
      .trim()
      .replace(/\s+/g, " ")
  );
}

/** A space-padded test so patterns match whole words (\b does not know Devanagari or Arabic). */
const w = (source: string) => new RegExp(`(?:^| )(?:${fold(source)})(?:$| )`);

const PERSON_EN =
  "(?:a |an |the |one )?(?:real |live |actual |human )?(?:human|person|agent|representative|rep|operator|staff member|support agent|customer service(?: agent| representative)?|manager|supervisor|advisor|adviser)(?: being)?";
/** "talk to someone" asks for a person; "I need someone to fix this" does not. */
const HUMAN_EN = `(?:someone|somebody|${PERSON_EN})`;

const CLEAR: [PhraseLanguage, RegExp][] = [
  ["en", w(`(?:talk|speak|chat|connect|transfer|put|pass)(?: me)?(?: through)? (?:to|with) ${HUMAN_EN}`)],
  ["en", w(`(?:i (?:want|need|would like|d like)|give me|get me|can i (?:get|have)) ${PERSON_EN}`)],
  ["en", w("(?:real|live|actual) (?:human|person|agent)(?: please)?")],
  [
    "es",
    w(
      "(?:hablar|comunicarme|chatear) con (?:una |un |algun |alguna )?(?:persona|humano|agente|asesor|asesora|operador|operadora|alguien|ejecutivo|representante)(?: real| humana| humano)?",
    ),
  ],
  [
    "es",
    w(
      "(?:quiero|necesito|pasame|paseme|comunicame|comuniqueme|ponme)(?: con)? (?:una persona|un humano|un agente|un asesor|una asesora|un operador|alguien real)",
    ),
  ],
  ["es", w("(?:atencion|agente) humana?|persona real")],
  [
    "pt",
    w(
      "falar com (?:um |uma |algum |alguma )?(?:atendente|humano|pessoa|agente|operador|operadora|alguem|consultor|consultora)(?: real| humano)?",
    ),
  ],
  [
    "pt",
    w(
      "(?:quero|preciso de|me passa para|me transfere para|me transfira para) (?:um atendente|uma atendente|um humano|uma pessoa|um agente|um operador|atendimento humano)",
    ),
  ],
  ["pt", w("atendimento humano|pessoa de verdade")],
  [
    "fr",
    w(
      "parler (?:a|avec) (?:un |une |quelqu )?(?:conseiller|conseillere|humain|personne|agent|operateur|operatrice|un|vrai humain|vraie personne)",
    ),
  ],
  [
    "fr",
    w(
      "(?:je veux|je voudrais|j aimerais) (?:un humain|une personne|un conseiller|une conseillere|un agent|un vrai humain)",
    ),
  ],
  ["fr", w("(?:un )?(?:vrai humain|vraie personne|conseiller humain)")],
  [
    "de",
    w(
      "mit (?:einem|einer|jemandem|einem echten|einer echten) ?(?:menschen|mensch|mitarbeiter|mitarbeiterin|person|berater|beraterin|agenten|kundenberater)? ?(?:sprechen|reden|verbinden|chatten)",
    ),
  ],
  [
    "de",
    w("(?:einen|einem) (?:echten )?(?:menschen|mitarbeiter|berater) (?:sprechen|bitte)|echten menschen|echter mensch"),
  ],
  ["hi", w("(?:इंसान|इन्सान|मानव|व्यक्ति|एजेंट|किसी|आदमी|कर्मचारी)(?: से)? बात")],
  ["hi", w("(?:इंसान|इन्सान|एजेंट|व्यक्ति) (?:चाहिए|चाहिये)")],
  ["hi", w("(?:insaan|insan|inssan|human|agent|banda|bande|kisi|aadmi|admi|vyakti) (?:se )?baat")],
  ["hi", w("(?:insaan|insan|agent|banda) (?:chahiye|chaiye|chahie)")],
  [
    "ar",
    w(
      "(?:التحدث|اتحدث|الحديث|اكلم|التكلم|اتكلم|تكلم|تحدث|التواصل|اتواصل) (?:مع )?(?:موظف|شخص|انسان|بشري|احد|ممثل|خدمه العملاء|مندوب)",
    ),
  ],
  ["ar", w("(?:اريد|ابي|عايز|بدي|ممكن) (?:موظف|انسان|شخص حقيقي|ممثل خدمه العملاء|خدمه العملاء)")],
  ["ar", w("موظف حقيقي|شخص حقيقي|انسان حقيقي")],
  [
    "id",
    w(
      "(?:bicara|berbicara|ngobrol|bincang|chat|hubungkan saya|sambungkan saya|terhubung) (?:dengan|sama|ke) (?:manusia|orang|agen|petugas|operator|cs|customer service|admin|staf|staff)(?: asli| sungguhan)?",
    ),
  ],
  ["id", w("(?:mau|ingin|minta|butuh) (?:manusia|petugas|agen|operator|orang asli|cs)")],
];

/** One word (give or take "please", an article) that names a person: offer one, as Fin does. */
const BARE_WORDS: [PhraseLanguage, string[]][] = [
  [
    "en",
    [
      "agent",
      "human",
      "person",
      "operator",
      "representative",
      "rep",
      "support",
      "help desk",
      "customer service",
      "live agent",
      "real person",
    ],
  ],
  ["es", ["humano", "agente", "persona", "asesor", "operador"]],
  ["pt", ["atendente", "humano", "pessoa", "agente", "operador"]],
  ["fr", ["humain", "conseiller", "agent", "personne", "operateur"]],
  ["de", ["mensch", "mitarbeiter", "berater", "agent"]],
  ["hi", ["इंसान", "इन्सान", "एजेंट", "insaan", "insan", "agent"]],
  ["ar", ["موظف", "انسان", "بشري", "ممثل"]],
  ["id", ["manusia", "agen", "petugas", "operator", "cs"]],
];
const FILLER = new Set(
  "please pls plz a an the real live now i want need por favor favor un una um uma s il vous plait svp bitte einen einem ein kripya krpya प्लीज़ कृपया من فضلك لو سمحت tolong dong ya sih mohon".split(
    " ",
  ),
);

const FRUSTRATION: [PhraseLanguage, RegExp][] = [
  [
    "en",
    w(
      "(?:this is |you are |you re |that s |so )?(?:useless|pointless|ridiculous|stupid|terrible|awful|a joke|rubbish|garbage)|not helpful|unhelpful|(?:not|isn t|doesn t|don t|didn t) help(?:ing|ful)?|waste of (?:my )?time|you don t understand|this doesn t work|not what i asked|wtf|fed up",
    ),
  ],
  [
    "es",
    w(
      "no sirve|no me (?:ayuda|ayudas|ayudaste|entiendes|entiende)|no entiendes|inutil|ridiculo|ridicula|que mal|perdida de tiempo|no funciona|estoy harto|estoy harta",
    ),
  ],
  [
    "pt",
    w(
      "nao (?:ajuda|ajudou|serve|resolve|resolveu|entende|entendeu)|inutil|ridiculo|ridicula|pessimo|pessima|perda de tempo|nao funciona",
    ),
  ],
  [
    "fr",
    w(
      "ca ne sert a rien|sert a rien|inutile|ridicule|pas utile|n importe quoi|ne m aide pas|vous ne comprenez pas|tu ne comprends pas|perte de temps|nul",
    ),
  ],
  [
    "de",
    w(
      "nutzlos|hilft (?:mir )?nicht|lacherlich|bringt nichts|sinnlos|zeitverschwendung|verstehst (?:mich )?nicht|funktioniert nicht|unbrauchbar",
    ),
  ],
  [
    "hi",
    w(
      "बेकार|बकवास|कोई फायदा नहीं|मदद नहीं|समझ नहीं रहे|bekaar|bekar|bakwas|koi fayda nahi|madad nahi|samajh nahi rahe|faltu",
    ),
  ],
  ["ar", w("غير مفيد|لا فائده|بلا فائده|سخيف|مش مفيد|ما فهمت|لا تفهم|مضيعه للوقت")],
  [
    "id",
    w("(?:tidak|gak|nggak|ga|enggak) (?:membantu|berguna|ngerti|paham|jelas)|percuma|konyol|buang waktu|payah|parah"),
  ],
];

const YES = new Set(
  "yes yeah yep yup sure ok okay please yes please ya si claro vale dale por favor sim pode claro oui d accord ouais ja gerne bitte ja bitte haan han ha ji haan ji हाँ हां हा जी نعم ايوه اه اي تمام iya ya boleh mau oke".split(
    " ",
  ),
);
const YES_PHRASES = [
  "yes please",
  "yes i do",
  "yes i would",
  "si por favor",
  "sim por favor",
  "oui s il vous plait",
  "ja bitte",
  "haan ji",
  "iya boleh",
  "ya boleh",
  "نعم من فضلك",
  "هاں",
];
const NO = new Set("no nope nah no thanks no thank you non nein nao tidak gak nggak nahi nahin नहीं لا".split(" "));
const NO_PHRASES = [
  "no thanks",
  "no thank you",
  "no gracias",
  "nao obrigado",
  "non merci",
  "nein danke",
  "nahi chahiye",
  "tidak usah",
  "tidak perlu",
  "لا شكرا",
];

export type Intent =
  | { kind: "clear_request"; language: PhraseLanguage }
  | { kind: "bare_request"; language: PhraseLanguage }
  | { kind: "frustration"; language: PhraseLanguage }
  | null;

/** What the customer's message says about wanting a person (strongest first), or null. */
export function classifyIntent(text: string): Intent {
  const t = normalise(text);
  if (!t) return null;
  for (const [language, re] of CLEAR) if (re.test(t)) return { kind: "clear_request", language };
  const words = t.split(" ");
  const rest = words.filter((x) => !FILLER.has(x)).join(" ");
  if (words.length <= 4)
    for (const [language, list] of BARE_WORDS) if (list.includes(rest)) return { kind: "bare_request", language };
  for (const [language, re] of FRUSTRATION) if (re.test(t)) return { kind: "frustration", language };
  return null;
}

/** A short answer to "Would you like a person?": yes, no, or neither (a new question). */
export function yesOrNo(text: string): "yes" | "no" | null {
  const t = normalise(text);
  if (!t || t.split(" ").length > 5) return null;
  if (NO.has(t) || NO_PHRASES.some((p) => t === p || t.startsWith(`${p} `))) return "no";
  if (YES.has(t) || YES_PHRASES.some((p) => t === p || t.startsWith(`${p} `))) return "yes";
  const first = t.split(" ")[0]!;
  if (NO.has(first)) return "no";
  if (YES.has(first) && !["ya", "please", "bitte", "mau"].includes(first)) return "yes";
  return null;
}

/** Word overlap (Jaccard) of two normalised messages: the same question asked again. */
export function sameQuestion(a: string, b: string): boolean {
  const wa = new Set(normalise(a).split(" ").filter(Boolean));
  const wb = new Set(normalise(b).split(" ").filter(Boolean));
  if (!wa.size || !wb.size) return false;
  let both = 0;
  for (const x of wa) if (wb.has(x)) both++;
  return both / (wa.size + wb.size - both) >= 0.7;
}

const SMALL_TALK: Record<"greeting" | "thanks", [PhraseLanguage, string[]][]> = {
  greeting: [
    [
      "en",
      [
        "hi",
        "hello",
        "hey",
        "hiya",
        "hi there",
        "hello there",
        "hey there",
        "good morning",
        "good afternoon",
        "good evening",
      ],
    ],
    ["es", ["hola", "buenos dias", "buenas tardes", "buenas noches", "buenas"]],
    ["pt", ["ola", "oi", "bom dia", "boa tarde", "boa noite"]],
    ["fr", ["bonjour", "salut", "bonsoir", "coucou"]],
    ["de", ["hallo", "guten tag", "guten morgen", "guten abend", "servus", "moin"]],
    ["hi", ["namaste", "namaskar", "नमस्ते", "नमस्कार"]],
    ["ar", ["مرحبا", "اهلا", "السلام عليكم", "سلام"]],
    ["id", ["halo", "hai", "selamat pagi", "selamat siang", "selamat sore", "selamat malam"]],
  ],
  thanks: [
    [
      "en",
      [
        "thanks",
        "thank you",
        "thx",
        "ty",
        "cheers",
        "thanks a lot",
        "thank you so much",
        "ok thanks",
        "great thanks",
        "perfect thanks",
      ],
    ],
    ["es", ["gracias", "muchas gracias", "mil gracias"]],
    ["pt", ["obrigado", "obrigada", "muito obrigado", "muito obrigada", "valeu"]],
    ["fr", ["merci", "merci beaucoup"]],
    ["de", ["danke", "vielen dank", "danke schon", "dankeschon"]],
    ["hi", ["dhanyavaad", "dhanyavad", "shukriya", "धन्यवाद", "शुक्रिया"]],
    ["ar", ["شكرا", "شكرا جزيلا", "مشكور"]],
    ["id", ["terima kasih", "makasih", "trims", "terima kasih banyak"]],
  ],
};

/** A message that is only a greeting or only thanks: answered kindly, never searched or handed off. */
export function smallTalk(text: string): { kind: "greeting" | "thanks"; language: PhraseLanguage } | null {
  const t = normalise(text)
    .split(" ")
    .filter((x) => !["there", "team", "guys", "everyone", "again"].includes(x))
    .join(" ");
  for (const kind of ["greeting", "thanks"] as const)
    for (const [language, list] of SMALL_TALK[kind]) if (list.map(normalise).includes(t)) return { kind, language };
  return null;
}
