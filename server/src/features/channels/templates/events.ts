import type { AppContext } from "../../../platform/context";
import { type TemplateRow, toTemplateDetail } from "./list";

/** After commit: the templates page (every agent's) shows the change without a reload. */
export function announceTemplate(ctx: AppContext, row: TemplateRow) {
  ctx.bus.emit("template.updated", { template: toTemplateDetail(row) });
}
