import { z } from "zod";
import { text } from "./common";

/** A label as it is shown on a conversation or contact: enough for a coloured chip. */
export const labelRefSchema = z.object({ id: z.uuid(), name: text(), color: text() });
export type LabelRef = z.infer<typeof labelRefSchema>;
