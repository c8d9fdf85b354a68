import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A small S3 stand-in speaking the REST wire format for PutObject, GetObject and DeleteObject with
 * path-style addressing (`/<bucket>/<key>`), as MinIO or Garage do. It checks that requests are
 * SigV4-signed with the expected access key (not the signature itself), refuses the optional checksum
 * headers as some S3-compatible services do, and answers errors with
 * S3's XML error body, so the real @aws-sdk/client-s3 runs against it unchanged.
 */
export async function startS3Fake(opts: { bucket: string; accessKeyId: string }) {
  const objects = new Map<string, { bytes: Buffer; contentType: string }>();
  const requests: { method: string; path: string }[] = [];
  const xmlError = (res: http.ServerResponse, status: number, code: string, message: string, key = "") => {
    res.writeHead(status, { "content-type": "application/xml" });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><Key>${key}</Key><RequestId>fake</RequestId></Error>`,
    );
  };
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    requests.push({ method: req.method ?? "", path: url.pathname });
    const auth = req.headers.authorization ?? "";
    if (!auth.startsWith(`AWS4-HMAC-SHA256 Credential=${opts.accessKeyId}/`) || !req.headers["x-amz-date"])
      return xmlError(res, 403, "AccessDenied", "Access Denied");
    const [, bucket, ...rest] = url.pathname.split("/");
    const key = decodeURIComponent(rest.join("/"));
    if (bucket !== opts.bucket) return xmlError(res, 404, "NoSuchBucket", "The specified bucket does not exist");
    if (!key) return xmlError(res, 400, "InvalidRequest", "Only object operations are supported");
    // Like Backblaze B2 (and older MinIO/R2): the SDK's optional checksum headers are refused.
    if (req.headers["x-amz-sdk-checksum-algorithm"])
      return xmlError(
        res,
        400,
        "InvalidArgument",
        "Unsupported header 'x-amz-sdk-checksum-algorithm' received for this API call.",
      );
    if (req.method === "PUT") {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      objects.set(key, {
        bytes: Buffer.concat(chunks),
        contentType: String(req.headers["content-type"] ?? "application/octet-stream"),
      });
      res.writeHead(200, { etag: `"${key.length}"` });
      return res.end();
    }
    if (req.method === "GET") {
      const o = objects.get(key);
      if (!o) return xmlError(res, 404, "NoSuchKey", "The specified key does not exist.", key);
      res.writeHead(200, { "content-type": o.contentType, "content-length": o.bytes.length, etag: `"${key.length}"` });
      return res.end(o.bytes);
    }
    if (req.method === "DELETE") {
      objects.delete(key);
      res.writeHead(204);
      return res.end();
    }
    xmlError(res, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    objects,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
