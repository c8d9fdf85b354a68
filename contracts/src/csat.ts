import { z } from "zod";
import { isoDate, text } from "./common";

/**
 * CSAT (issue 10 §5): after a resolution the customer is asked for a 1-5 rating and a comment on
 * their channel, in the form the channel's adapter declares (`capabilities.survey`).
 */
export const csatSurveyForms = ["stars", "buttons", "template", "keyboard", "quick_replies", "text"] as const;
export const csatSurveyFormSchema = z.enum(csatSurveyForms);
export type CsatSurveyForm = z.infer<typeof csatSurveyFormSchema>;

const onOff = z.boolean();
export const csatSettingsSchema = z.object({
  /**
   * Per channel type: ask after a resolution on this channel. Off until the team turns it on (as in
   * Chatwoot, Zendesk and Intercom): customers get no new message the team did not choose.
   */
  channels: z
    .object({ webchat: onOff, whatsapp: onOff, telegram: onOff, instagram: onOff, x: onOff })
    .default({ webchat: false, whatsapp: false, telegram: false, instagram: false, x: false }),
  /** Also ask when the AI resolved it (assumed or confirmed); off by default. */
  afterAiResolutions: z.boolean().default(false),
  /** The question (and the thanks) the customer reads. */
  question: text().trim().min(1).max(300).default("How would you rate the help you got? (1 = poor, 5 = excellent)"),
  thanks: text()
    .trim()
    .min(1)
    .max(300)
    .default("Thank you for your feedback! Anything you'd like to add? Just reply here."),
  /**
   * Outside WhatsApp's 24-hour window only an approved template can be sent: its name and language
   * (a template whose quick replies read "1".."5" or carry stars). Null: such surveys are skipped,
   * with the reason shown.
   */
  whatsappTemplate: z
    .object({ name: text().min(1).max(512), language: text().min(2).max(15) })
    .nullable()
    .default(null),
  /** How long a reply on the channel is read as the survey's answer (hours). */
  answerWindowHours: z.number().int().min(1).max(168).default(24),
  /** The model that scores quality (empty: the provider's cheap default). */
  qualityModel: text().trim().max(200).default(""),
});
export type CsatSettings = z.infer<typeof csatSettingsSchema>;
/** Any subset; `channels` may name some channel types only (the others keep their value). */
export const csatSettingsBody = csatSettingsSchema
  .omit({ channels: true })
  .partial()
  .extend({
    channels: z
      .object({
        webchat: onOff.optional(),
        whatsapp: onOff.optional(),
        telegram: onOff.optional(),
        instagram: onOff.optional(),
        x: onOff.optional(),
      })
      .optional(),
  });
export type CsatSettingsBody = z.infer<typeof csatSettingsBody>;

export const csatSurveySchema = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  channelType: text(),
  resolvedBy: z.enum(["human", "ai"]),
  form: text(),
  status: z.enum(["pending", "sent", "answered", "skipped"]),
  skipReason: text().nullable(),
  rating: z.number().int().min(1).max(5).nullable(),
  comment: text().nullable(),
  agentId: z.uuid().nullable(),
  sentAt: isoDate.nullable(),
  answeredAt: isoDate.nullable(),
  createdAt: isoDate,
});
export type CsatSurvey = z.infer<typeof csatSurveySchema>;

export const qualityScoreSchema = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  status: z.enum(["pending", "scored", "skipped", "failed"]),
  resolution: z.number().int().min(1).max(5).nullable(),
  sentiment: z.number().int().min(1).max(5).nullable(),
  service: z.number().int().min(1).max(5).nullable(),
  reason: text().nullable(),
  provider: text().nullable(),
  model: text().nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type QualityScore = z.infer<typeof qualityScoreSchema>;

export const conversationCsatSchema = z.object({
  surveys: z.array(csatSurveySchema),
  quality: z.array(qualityScoreSchema),
});
export type ConversationCsat = z.infer<typeof conversationCsatSchema>;

export const agentCsatSchema = z.object({
  agentId: z.uuid(),
  answered: z.number().int(),
  average: z.number().nullable(),
});
export type AgentCsat = z.infer<typeof agentCsatSchema>;

export const widgetCsatBody = z.object({
  rating: z.number().int().min(1).max(5),
  comment: text().trim().max(2000).optional(),
});

/**
 * A customer's text read as a rating: "4", "4 - great", "4/5", "★★★★", "⭐⭐⭐⭐". Returns the rating
 * and what follows it as the comment; null when the text is not a rating.
 */
export function parseCsatText(input: string): { rating: number; comment: string | null } | null {
  const s = input.trim();
  const stars = /^([★⭐]{1,5})(?:\uFE0F)?(?:[\s\-–—:,.!]+(.*))?$/su.exec(s.replace(/\uFE0F/g, ""));
  if (stars) {
    const n = [...stars[1]!].length;
    return { rating: n, comment: stars[2]?.trim() || null };
  }
  // A comment follows a separator ("4 - great"): "5 minutes ago I ordered…" is a sentence, not a rating.
  const num = /^([1-5])(?:\s*(?:\/\s*5|out of 5))?(?:\s*[-–—:,.!)]\s*(.*))?$/su.exec(s);
  if (!num) return null;
  return { rating: Number(num[1]), comment: num[2]?.trim() || null };
}
