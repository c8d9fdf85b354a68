import { type ErrorCode, errorStatus } from "@switchboard/contracts";
import { z } from "zod";

/** The one error type. Anything thrown that is not an AppError becomes `internal` (500) and is logged. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return errorStatus[this.code];
  }
  toBody() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found`);

export function fromZod(error: z.ZodError, where = "body"): AppError {
  const flat = z.flattenError(error);
  const first = error.issues[0];
  const field = first?.path.join(".");
  const message = first ? `Invalid ${where}${field ? ` field "${field}"` : ""}: ${first.message}` : `Invalid ${where}`;
  return new AppError("validation_failed", message, flat);
}
