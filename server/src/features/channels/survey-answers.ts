import type { AppContext } from "../../platform/context";
import type { ChannelType, CsatSurveyForm } from "@switchboard/contracts";
import type { NormalizedEvent } from "./adapter";
import { findAdapter } from "./registry";

export type InboundMessageEvent = Extract<NormalizedEvent, { kind: "message" }>;
export type SurveyTapEvent = Extract<NormalizedEvent, { kind: "survey_tap" }>;
export interface SurveyChannel {
  id: string;
  type: string;
}

/**
 * A port the csat feature fills at wiring time (app.ts), so channels import nothing of it: before
 * customer messages reach the inbox, the survey side claims those that answer an open survey (a
 * rating, then a comment). A claimed message is recorded on the survey and never becomes an inbox
 * message: it does not reopen the conversation (or open a new one) nor wake the AI responder.
 */
export interface SurveyAnswers {
  /** The external ids of the messages that are survey answers (recorded by the time it returns). One read for all. */
  claim(ctx: AppContext, channel: SurveyChannel, messages: InboundMessageEvent[]): Promise<Set<string>>;
  /** A tap on a survey button; returns the text to acknowledge it with (Telegram), null if it was not ours. */
  tap(ctx: AppContext, channel: SurveyChannel, tap: SurveyTapEvent): Promise<string | null>;
}

// Per application context, like the bus's listeners (status-claimers.ts): wiring set at startup.
const registered = new WeakMap<AppContext, SurveyAnswers>();

export function registerSurveyAnswers(ctx: AppContext, impl: SurveyAnswers) {
  registered.set(ctx, impl);
}

export async function claimSurveyAnswers(ctx: AppContext, channel: SurveyChannel, messages: InboundMessageEvent[]) {
  const answers = registered.get(ctx);
  if (!answers || !messages.length) return new Set<string>();
  return answers.claim(ctx, channel, messages);
}

export async function surveyTap(ctx: AppContext, channel: SurveyChannel, e: SurveyTapEvent) {
  return registered.get(ctx)?.tap(ctx, channel, e) ?? null;
}

/** How a channel type asks (its adapter's declared `capabilities.survey`; a parsed text answer by default) and its name. */
export function surveyChannel(type: string): { form: CsatSurveyForm; label: string; templates: boolean } {
  const adapter = findAdapter(type as ChannelType);
  return {
    form: adapter?.capabilities.survey ?? "text",
    label: adapter?.label ?? type,
    templates: !!adapter?.capabilities.templates,
  };
}
