import type { PhraseLanguage } from "./phrases";

// What the AI says, per language; phrases.ts reads what the customer says.

/** The offer of a person, in the language the customer used. */
export const offerText: Record<PhraseLanguage, string> = {
  en: "I can connect you with a person from our team. Would you like that?",
  es: "Puedo pasarte con una persona de nuestro equipo. ¿Quieres que lo haga?",
  pt: "Posso passar você para uma pessoa da nossa equipe. Quer que eu faça isso?",
  fr: "Je peux vous mettre en relation avec une personne de notre équipe. Le souhaitez-vous ?",
  de: "Ich kann Sie mit einer Person aus unserem Team verbinden. Möchten Sie das?",
  hi: "मैं आपको हमारी टीम के किसी व्यक्ति से जोड़ सकता हूँ। क्या आप ऐसा चाहेंगे?",
  ar: "يمكنني تحويلك إلى شخص من فريقنا. هل تريد ذلك؟",
  id: "Saya bisa menghubungkan Anda dengan orang dari tim kami. Apakah Anda mau?",
};

/** Said when the customer declines the offer: the AI keeps helping. */
export const declinedText: Record<PhraseLanguage, string> = {
  en: "Alright, I'll keep helping. What would you like to know?",
  es: "De acuerdo, sigo ayudándote. ¿Qué te gustaría saber?",
  pt: "Tudo bem, continuo ajudando. O que você gostaria de saber?",
  fr: "D'accord, je continue à vous aider. Que souhaitez-vous savoir ?",
  de: "In Ordnung, ich helfe Ihnen weiter. Was möchten Sie wissen?",
  hi: "ठीक है, मैं मदद करता रहूँगा। आप क्या जानना चाहेंगे?",
  ar: "حسنًا، سأواصل مساعدتك. ماذا تود أن تعرف؟",
  id: "Baik, saya akan terus membantu. Apa yang ingin Anda ketahui?",
};

export const smallTalkText: Record<"greeting" | "thanks", Record<PhraseLanguage, string>> = {
  greeting: {
    en: "Hi! What can I help you with?",
    es: "¡Hola! ¿En qué puedo ayudarte?",
    pt: "Olá! Como posso ajudar?",
    fr: "Bonjour ! Comment puis-je vous aider ?",
    de: "Hallo! Wie kann ich helfen?",
    hi: "नमस्ते! मैं आपकी क्या मदद कर सकता हूँ?",
    ar: "مرحبًا! كيف يمكنني مساعدتك؟",
    id: "Halo! Ada yang bisa saya bantu?",
  },
  thanks: {
    en: "You're welcome! Is there anything else I can help with?",
    es: "¡De nada! ¿Hay algo más en lo que pueda ayudarte?",
    pt: "De nada! Posso ajudar com mais alguma coisa?",
    fr: "Avec plaisir ! Puis-je vous aider pour autre chose ?",
    de: "Gern geschehen! Kann ich sonst noch helfen?",
    hi: "आपका स्वागत है! क्या मैं और कुछ मदद कर सकता हूँ?",
    ar: "على الرحب والسعة! هل هناك شيء آخر يمكنني مساعدتك فيه؟",
    id: "Sama-sama! Ada lagi yang bisa saya bantu?",
  },
};

/**
 * The default handoff and offline messages in the customer's language. Used only while the admin
 * keeps the default text (a message they wrote themselves is sent as written).
 */
export const handoffDefaults: Record<
  PhraseLanguage,
  { handoff: string; offline: string; wait: (minutes: number) => string }
> = {
  en: {
    handoff: "I'm passing you to a person from our team. They'll answer right here.",
    offline:
      "Our team is offline right now. Your message is with them and they'll answer right here when they're back.",
    wait: (n) => `The expected wait is about ${n} minute${n === 1 ? "" : "s"}.`,
  },
  es: {
    handoff: "Te paso con una persona de nuestro equipo. Te responderá aquí mismo.",
    offline:
      "Nuestro equipo no está disponible ahora. Tu mensaje les ha llegado y te responderán aquí mismo en cuanto vuelvan.",
    wait: (n) => `La espera estimada es de unos ${n} minuto${n === 1 ? "" : "s"}.`,
  },
  pt: {
    handoff: "Vou passar você para uma pessoa da nossa equipe. Ela vai responder aqui mesmo.",
    offline:
      "Nossa equipe está offline agora. Sua mensagem chegou até eles e vão responder aqui mesmo quando voltarem.",
    wait: (n) => `A espera estimada é de cerca de ${n} minuto${n === 1 ? "" : "s"}.`,
  },
  fr: {
    handoff: "Je vous passe une personne de notre équipe. Elle vous répondra ici même.",
    offline:
      "Notre équipe n'est pas disponible pour le moment. Votre message lui est transmis et elle vous répondra ici dès son retour.",
    wait: (n) => `L'attente estimée est d'environ ${n} minute${n === 1 ? "" : "s"}.`,
  },
  de: {
    handoff: "Ich verbinde Sie mit einer Person aus unserem Team. Sie antwortet Ihnen gleich hier.",
    offline:
      "Unser Team ist gerade nicht erreichbar. Ihre Nachricht ist angekommen, und wir antworten hier, sobald wir zurück sind.",
    wait: (n) => `Die voraussichtliche Wartezeit beträgt etwa ${n} Minute${n === 1 ? "" : "n"}.`,
  },
  hi: {
    handoff: "मैं आपको हमारी टीम के एक व्यक्ति से जोड़ रहा हूँ। वे यहीं जवाब देंगे।",
    offline: "हमारी टीम अभी ऑफ़लाइन है। आपका संदेश उन तक पहुँच गया है, वापस आते ही वे यहीं जवाब देंगे।",
    wait: (n) => `अनुमानित प्रतीक्षा लगभग ${n} मिनट है।`,
  },
  ar: {
    handoff: "سأحوّلك إلى شخص من فريقنا. سيردّ عليك هنا مباشرة.",
    offline: "فريقنا غير متاح الآن. وصلتهم رسالتك وسيردّون عليك هنا فور عودتهم.",
    wait: (n) => `مدة الانتظار المتوقعة حوالي ${n} دقيقة.`,
  },
  id: {
    handoff: "Saya hubungkan Anda dengan orang dari tim kami. Mereka akan menjawab di sini.",
    offline: "Tim kami sedang offline. Pesan Anda sudah sampai dan mereka akan menjawab di sini begitu kembali.",
    wait: (n) => `Perkiraan waktu tunggu sekitar ${n} menit.`,
  },
};
