import type { Request, Response } from "express";

/**
 * Sends stored bytes, honouring a single `Range: bytes=…` request with 206 (audio and video
 * players seek with ranges; express.sendFile did this for files on disk). Several ranges or an
 * unsatisfiable one get the whole file or 416, as express's own static serving does.
 */
export function sendBytes(req: Request, res: Response, bytes: Buffer) {
  res.setHeader("Accept-Ranges", "bytes");
  const range = req.headers.range ? req.range(bytes.length, { combine: true }) : undefined;
  if (range === -1) {
    res.status(416).setHeader("Content-Range", `bytes */${bytes.length}`);
    return void res.end();
  }
  if (Array.isArray(range) && range.type === "bytes" && range.length === 1) {
    const { start, end } = range[0]!;
    res.status(206).setHeader("Content-Range", `bytes ${start}-${end}/${bytes.length}`);
    return void res.send(bytes.subarray(start, end + 1));
  }
  res.send(bytes);
}
