import { ApiError, redirectToLogin } from "@/lib/api";
import type { Attachment } from "@/lib/types";

/** POST /api/attachments with upload progress (fetch can't report it). */
export function uploadFile(
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/attachments");
    xhr.withCredentials = true;
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as Attachment);
        return;
      }
      const e = (body as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
      if (xhr.status === 401) redirectToLogin();
      const message =
        xhr.status === 413
          ? "File is too large (10 MB max)"
          : xhr.status === 415
            ? "This file type isn't allowed"
            : (e?.message ?? "Upload failed");
      reject(new ApiError(xhr.status, e?.code ?? "upload_failed", message, e?.details));
    };
    xhr.onerror = () => reject(new ApiError(0, "network_error", "Upload failed: can't reach the server"));
    xhr.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort());
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
}
