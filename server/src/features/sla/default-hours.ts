import type { Db } from "../../platform/db/client";
import type { BusinessSchedule } from "./business-time";
import { defaultScheduleId, scheduleRow, toBusinessSchedule } from "./queries";

/** The default business-hours schedule as business-time.ts computes with it (reports' business seconds). */
export async function defaultBusinessHours(db: Db): Promise<BusinessSchedule> {
  return toBusinessSchedule(await scheduleRow(db, await defaultScheduleId(db)));
}
