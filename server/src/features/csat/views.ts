import type { CsatSurvey, QualityScore } from "@switchboard/contracts";
import type { CsatSurveyRow, QualityScoreRow } from "./schema";

export const toSurvey = (r: CsatSurveyRow): CsatSurvey => ({
  id: r.id,
  conversationId: r.conversationId,
  channelType: r.channelType,
  resolvedBy: r.resolvedBy,
  form: r.form,
  status: r.status,
  skipReason: r.skipReason,
  rating: r.rating,
  comment: r.comment,
  agentId: r.agentId,
  sentAt: r.sentAt?.toISOString() ?? null,
  answeredAt: r.answeredAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
});

export const toQualityScore = (r: QualityScoreRow): QualityScore => ({
  id: r.id,
  conversationId: r.conversationId,
  status: r.status,
  resolution: r.resolution,
  sentiment: r.sentiment,
  service: r.service,
  reason: r.reason,
  provider: r.provider,
  model: r.model,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});
