import type { NextFunction, Request, Response } from "express";
import { MulterError } from "multer";
import type { Logger } from "../logger";
import { AppError } from "../errors";

/** Turns anything thrown into the one error body. Unknown errors are logged and hidden behind `internal`. */
export function errorHandler(log: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = toAppError(err);
    if (e.code === "internal") log.error({ err, method: req.method, path: req.path }, "unhandled error");
    if (res.headersSent) return;
    res.status(e.status).json(e.toBody());
  };
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof MulterError) {
    if (err.code === "LIMIT_FILE_SIZE")
      return new AppError("payload_too_large", "The file is larger than the upload limit");
    return new AppError("bad_request", `Upload rejected: ${err.message}`);
  }
  const t = (err as { type?: string; status?: number }) ?? {};
  if (t.type === "entity.too.large") return new AppError("payload_too_large", "The request body is too large");
  if (t.type === "entity.parse.failed") return new AppError("bad_request", "The request body is not valid JSON");
  if (t.type === "encoding.unsupported" || t.type === "charset.unsupported")
    return new AppError("unsupported_media_type", "Unsupported body encoding");
  if (typeof t.status === "number" && t.status >= 400 && t.status < 500)
    return new AppError("bad_request", "Bad request");
  return new AppError("internal", "Something went wrong on our side. It has been logged.");
}
