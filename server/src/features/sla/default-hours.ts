import type { Db } from "../../platform/db/client";
import type { BusinessSchedule } from "./business-time";
import { defaultScheduleRow, toBusinessSchedule } from "./queries";

/** The default business-hours schedule as business-time.ts computes with it (reports' business seconds). */
export async function defaultBusinessHours(db: Db): Promise<BusinessSchedule> {
  return toBusinessSchedule(await defaultScheduleRow(db));
}
