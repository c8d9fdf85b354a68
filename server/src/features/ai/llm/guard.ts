import type { AiSettings } from "@switchboard/contracts";
import { generateText, type LanguageModel, Output } from "ai";
import { z } from "zod";
import { temperatureFor } from "../providers";

/**
 * Promises the AI cannot keep: it can only write in the chat, so "I'll call you", "I've refunded
 * you", "I will email you" are false whatever the knowledge says (Chatwoot Captain's guard against
 * "I'll email you later"). Checked on every LLM reply before it is sent; cheap and deterministic,
 * so it also covers a model whose verdict call fails to notice.
 */
const PROMISES: { lang: string; re: RegExp }[] = [
  // English: future promises (I'll / I will / we'll / we will / let me + act) and claims of having acted.
  {
    lang: "en",
    re: /\b(?:i|we)(?:'ll| will| am going to|'m going to| are going to|'re going to| shall)\s+(?:personally\s+|now\s+|also\s+|then\s+|soon\s+)?(?:call|phone|ring|email|e-mail|text|sms|message you (?:later|back|tomorrow)|contact you|get back to you|follow up|reach out|refund|reimburse|credit your|cancel|send you (?:a|an|the)|ship|process (?:your|the) (?:refund|return|cancellation)|issue (?:a|the|your) (?:refund|credit))/i,
  },
  {
    lang: "en",
    re: /\b(?:i|we)(?:'ve| have)\s+(?:just\s+|now\s+|already\s+)?(?:refunded|reimbursed|credited|cancel+ed|issued (?:a|the|your) (?:refund|credit)|processed (?:your|the) (?:refund|return|cancellation)|sent you (?:a|an|the) (?:email|replacement|refund)|emailed|called|scheduled a call|escalated your)/i,
  },
  { lang: "en", re: /\blet me (?:call|email|refund|cancel|phone)\b/i },
  { lang: "en", re: /\byou(?:'ll| will) (?:receive|get) (?:a|an|our) (?:call|phone call|email) from (?:me|us)\b/i },
  // Spanish: te/le llamaré, te escribiré, te enviaré un correo, te he reembolsado, he cancelado…
  {
    lang: "es",
    re: /\b(?:te|le|les|os)\s+(?:llamar[eé]|llamaremos|escribir[eé]|escribiremos|enviar[eé]|enviaremos|mandar[eé]|mandaremos|contactar[eé]|contactaremos|reembolsar[eé]|reembolsaremos|devolver[eé]|devolveremos)(?![a-zñ])/i,
  },
  {
    lang: "es",
    re: /\b(?:te|le|les|os)\s+(?:he|hemos)\s+(?:reembolsado|devuelto|llamado|enviado|escrito|cancelado)\b/i,
  },
  {
    lang: "es",
    re: /\b(?:he|hemos)\s+(?:reembolsado|cancelado|procesado (?:tu|su|el) reembolso|emitido (?:un|el|tu|su) reembolso)\b/i,
  },
  { lang: "es", re: /\b(?:voy|vamos) a (?:llamarte|llamarle|escribirte|enviarte|reembolsarte|devolverte|cancelar)\b/i },
  // Portuguese, French, German: the common forms.
  {
    lang: "pt",
    re: /\b(?:vou|vamos) (?:te |lhe )?(?:ligar|telefonar|enviar um e-?mail|reembolsar)|\b(?:j[aá] )?(?:reembolsei|reembolsamos|cancelei)\b/i,
  },
  {
    lang: "fr",
    re: /\b(?:je vous|nous vous|je te) (?:appellerai|appellerons|rappellerai|rembourserai|rembourserons|enverrai un e-?mail)|\b(?:je vous ai|nous vous avons) (?:rembours[ée]|appel[ée])/i,
  },
  {
    lang: "de",
    re: /\b(?:ich|wir) (?:werde|werden) (?:sie|dich|ihnen|dir) (?:anrufen|zurückrufen|erstatten|eine e-?mail)|\b(?:ich habe|wir haben) (?:ihnen|dir) (?:das geld )?(?:erstattet|zurückerstattet)/i,
  },
  // Indonesian, Hindi, Arabic: the usual "I will call / email / refund you" and "I have refunded" forms.
  {
    lang: "id",
    re: /\b(?:saya|kami) akan (?:menelepon|menghubungi|mengirim(?:kan)? email|mengembalikan dana|me-?refund)|\b(?:saya|kami) (?:sudah|telah) (?:mengembalikan dana|me-?refund|membatalkan)/i,
  },
  { lang: "hi", re: /(?:मैं|हम) आपको (?:कॉल|फ़ोन|फोन|ईमेल) कर(?:ूँगा|ूंगा|ूँगी|ूंगी|ेंगे)|(?:रिफ़ंड|रिफंड) कर (?:दिया|दूँगा|दूंगा|देंगे)/ },
  {
    lang: "ar",
    re: /س(?:أتصل|نتصل) بك|س(?:أرسل|نرسل) لك (?:بريد|إيميل)|(?:قمت|قمنا) ب(?:استرداد|إرجاع) (?:المبلغ|أموالك)|س(?:أعيد|نعيد) لك (?:المبلغ|أموالك)/,
  },
];

/** The first promise the AI cannot keep, if the reply makes one. */
export function findFalsePromise(reply: string): { lang: string; phrase: string } | null {
  for (const p of PROMISES) {
    const m = p.re.exec(reply);
    if (m) return { lang: p.lang, phrase: m[0] };
  }
  return null;
}

export const guardVerdictSchema = z.object({
  ok: z.boolean(),
  problem: z.enum(["false_promise", "unsupported_fact", "guidance_violation"]).nullable(),
  explanation: z.string(),
});
export type GuardVerdict = z.infer<typeof guardVerdictSchema>;

const GUARD_PROMPT = `You check a customer-support AI's reply before it is sent. The AI can only write in this chat: it cannot call, email, refund, cancel or take any other action.
Block the reply (ok: false) when it:
- promises or claims an action the AI cannot take (problem: "false_promise"),
- states a fact (a price, date, policy, number, feature) that the knowledge below does not support (problem: "unsupported_fact"); greetings, apologies and saying it does not know are fine,
- breaks one of the team's guidance rules (problem: "guidance_violation").
Otherwise ok: true and problem: null. Explain in one short sentence for the team.`;

/** The second opinion: a structured verdict from the model on the reply, the knowledge and the guidance. */
export async function modelVerdict(
  model: LanguageModel,
  settings: AiSettings,
  args: { reply: string; knowledge: string; question: string; signal: AbortSignal },
): Promise<GuardVerdict> {
  const result = await generateText({
    model,
    maxRetries: 0,
    abortSignal: args.signal,
    temperature: temperatureFor(settings, 0),
    instructions: GUARD_PROMPT,
    output: Output.object({ schema: guardVerdictSchema, name: "guard_verdict" }),
    prompt: [
      `## Guidance rules\n${settings.guidance.length ? settings.guidance.map((g, i) => `${i + 1}. ${g}`).join("\n") : "(none)"}`,
      `## Knowledge\n${args.knowledge}`,
      `## The customer wrote\n${args.question}`,
      `## The AI's reply\n${args.reply}`,
    ].join("\n\n"),
  });
  return guardVerdictSchema.parse(result.output);
}
