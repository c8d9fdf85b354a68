import { aiSettingsSchema } from "@switchboard/contracts";
import { describe, expect, it } from "vitest";
import { aiAnswersNow, inOfficeHours } from "../src/features/ai/responder/business-hours";
import { handoffText, noteText } from "../src/features/ai/responder/handoff";
import { classifyIntent, normalise, sameQuestion, smallTalk, yesOrNo } from "../src/features/ai/responder/phrases";
import { handoffDefaults } from "../src/features/ai/responder/replies";
import { clearRequests } from "./ai-fixtures";

describe("phrases: a clear request for a person", () => {
  it.each(clearRequests)("%s: %s", (language, text) => {
    expect(classifyIntent(text)).toEqual({ kind: "clear_request", language });
  });

  it.each([
    "I am an agent of change",
    "Is the human body 60% water?",
    "I need someone to fix my order",
    "My personal details are wrong",
    "How long do refunds take?",
    "¿Cuánto tardan los reembolsos?",
    "Der Mensch ist gut",
    "agente de viagens em Lisboa, vocês trabalham com eles?",
    "what does a customer service plan cost",
    "",
  ])("not a clear request: %j", (text) => {
    expect(classifyIntent(text)?.kind).not.toBe("clear_request");
  });
});

describe("phrases: a bare word and frustration offer a person", () => {
  it.each([
    ["en", "agent"],
    ["en", "Human!"],
    ["en", "agent please"],
    ["es", "humano"],
    ["es", "Agente por favor"],
    ["pt", "atendente"],
    ["fr", "conseiller"],
    ["de", "Mitarbeiter bitte"],
    ["hi", "insaan"],
    ["hi", "एजेंट"],
    ["ar", "موظف"],
    ["id", "manusia"],
  ])("bare %s: %s", (language, text) => {
    expect(classifyIntent(text)).toEqual({ kind: "bare_request", language });
  });

  it.each([
    ["en", "this is useless"],
    ["en", "Not helpful at all."],
    ["en", "ridiculous"],
    ["en", "You don't understand"],
    ["es", "no sirve"],
    ["es", "¡Esto es inútil!"],
    ["pt", "não ajuda nada"],
    ["fr", "ça ne sert à rien"],
    ["de", "Das ist nutzlos"],
    ["hi", "बिल्कुल बेकार"],
    ["hi", "yeh bakwas hai"],
    ["ar", "هذا غير مفيد"],
    ["id", "tidak membantu sama sekali"],
  ])("frustration %s: %s", (language, text) => {
    expect(classifyIntent(text)).toEqual({ kind: "frustration", language });
  });

  it.each([
    "How do I reset my password?",
    "thanks, that helped",
    "the agent of my shipment",
    "I want to return a person-sized box",
  ])("neither: %j", (text) => {
    expect(classifyIntent(text)).toBeNull();
  });
});

describe("phrases: answering the offer", () => {
  it.each(["yes", "Yes please!", "sure", "Sí", "si por favor", "sim", "Oui", "ja bitte", "haan", "हाँ", "نعم", "iya"])(
    "yes: %s",
    (t) => expect(yesOrNo(t)).toBe("yes"),
  );
  it.each(["no", "No thanks", "nein danke", "non merci", "não", "nahi", "لا", "tidak perlu"])("no: %s", (t) =>
    expect(yesOrNo(t)).toBe("no"),
  );
  it.each(["How much is shipping to Canada and how long does it take?", "what about refunds"])("neither: %s", (t) =>
    expect(yesOrNo(t)).toBeNull(),
  );
});

describe("normalise and repeated questions", () => {
  it("folds case, accents, punctuation and Arabic letter variants; keeps Devanagari signs", () => {
    expect(normalise("  ¿Cómo   ESTÁS?! ")).toBe("como estas");
    expect(normalise("أريد")).toBe("اريد");
    expect(normalise("इंसान।")).toBe("इंसान");
  });
  it("the same question in other punctuation is the same; another one is not", () => {
    expect(sameQuestion("Where is my order?", "where is my order")).toBe(true);
    expect(sameQuestion("Where is my order?", "How do refunds work?")).toBe(false);
  });
});

describe("business hours and the handoff texts", () => {
  const hours = {
    mode: "inside_hours" as const,
    timezone: "America/New_York",
    hours: [{ day: 1, start: "09:00", end: "17:00" }],
  };
  it("reads office hours in the office's zone (Monday 10:00 in New York is 15:00 UTC)", () => {
    expect(inOfficeHours(hours, new Date("2026-11-30T15:00:00Z"))).toBe(true);
    expect(inOfficeHours(hours, new Date("2026-11-30T13:30:00Z"))).toBe(false);
    expect(aiAnswersNow({ ...hours, mode: "outside_hours" }, new Date("2026-11-30T13:30:00Z"))).toBe(true);
    expect(aiAnswersNow({ ...hours, mode: "always" }, new Date("2026-11-30T13:30:00Z"))).toBe(true);
  });
  it("an overnight range covers the next morning", () => {
    const night = { ...hours, hours: [{ day: 1, start: "22:00", end: "06:00" }] };
    expect(inOfficeHours(night, new Date("2026-12-01T08:00:00Z"))).toBe(true); // Tue 03:00 New York
  });
  it("handoff message with the wait when routing knows it, the offline message when nobody is online", () => {
    const s = aiSettingsSchema.parse({});
    expect(handoffText(s, { assignee: null, queued: true, expectedWaitMinutes: 4, anyoneOnline: true })).toBe(
      `${s.handoffMessage} The expected wait is about 4 minutes.`,
    );
    expect(handoffText(s, { assignee: null, queued: true, expectedWaitMinutes: null, anyoneOnline: false })).toBe(
      s.offlineMessage,
    );
    expect(
      handoffText(s, {
        assignee: { id: "x", name: "Sam" },
        queued: false,
        expectedWaitMinutes: null,
        anyoneOnline: true,
      }),
    ).toBe(s.handoffMessage);
    // The default texts go out in the customer's language; what an admin wrote goes out as written.
    const queued = { assignee: null, queued: true, expectedWaitMinutes: 4, anyoneOnline: true };
    expect(handoffDefaults.en.handoff).toBe(s.handoffMessage);
    expect(handoffDefaults.en.offline).toBe(s.offlineMessage);
    expect(handoffText(s, queued, "es")).toBe(
      "Te paso con una persona de nuestro equipo. Te responderá aquí mismo. La espera estimada es de unos 4 minutos.",
    );
    expect(handoffText(s, { ...queued, anyoneOnline: false, expectedWaitMinutes: null }, "de")).toBe(
      handoffDefaults.de.offline,
    );
    expect(handoffText({ ...s, handoffMessage: "One moment, please." }, queued, "fr")).toBe(
      "One moment, please. L'attente estimée est d'environ 4 minutes.",
    );
    expect(noteText("The customer asked for a person", "Asked about refunds")).toBe(
      "Handed off: The customer asked for a person. Summary: Asked about refunds",
    );
  });
});

describe("small talk", () => {
  it.each([
    ["greeting", "en", "Hi there!"],
    ["greeting", "es", "¡Hola!"],
    ["greeting", "pt", "Bom dia"],
    ["greeting", "de", "Guten Tag"],
    ["greeting", "ar", "السلام عليكم"],
    ["greeting", "hi", "नमस्ते"],
    ["thanks", "en", "Thank you so much!"],
    ["thanks", "fr", "Merci beaucoup"],
    ["thanks", "id", "terima kasih"],
  ])("%s in %s: %s", (kind, language, text) => {
    expect(smallTalk(text)).toEqual({ kind, language });
  });
  it.each(["Hi, how long do refunds take?", "thanks but where is my order", "hello agent"])(
    "not only small talk: %s",
    (t) => expect(smallTalk(t)).toBeNull(),
  );
});
