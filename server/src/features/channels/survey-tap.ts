import type { AppContext } from "../../platform/context";
import type { LoadedChannel } from "./configs";
import { getAdapter } from "./registry";
import { type SurveyTapEvent, surveyTap } from "./survey-answers";

/** A tap on a survey button: recorded by the csat side (the port), then acknowledged (Telegram's spinner). */
export async function applySurveyTap(ctx: AppContext, channel: LoadedChannel, e: SurveyTapEvent): Promise<void> {
  const thanks = await surveyTap(ctx, { id: channel.id, type: channel.type }, e);
  const acknowledge = getAdapter(channel.type).provider?.acknowledgeTap;
  if (!e.tapId || !acknowledge) return;
  try {
    await acknowledge(channel, e.tapId, thanks ?? "");
  } catch (err) {
    ctx.log.warn({ err, channelId: channel.id }, "could not acknowledge a survey tap");
  }
}
