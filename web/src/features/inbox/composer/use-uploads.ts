import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { errorMessage } from "@/lib/api";
import type { Attachment } from "@/lib/types";
import { uploadFile } from "./upload";

export interface PendingUpload {
  key: string;
  file: File;
  progress: number;
  attachment: Attachment | null;
  error: string | null;
}

const MAX_FILES = 10;
const MAX_BYTES = 10 * 1024 * 1024;
let seq = 0;

/** `check` says why a file cannot be sent on this channel (null when it can); such files are not uploaded. */
export function useUploads(check?: (file: File) => string | null) {
  const [uploads, setUploads] = useState<PendingUpload[]>([]);
  const controllers = useRef(new Map<string, AbortController>());
  const checkRef = useRef(check);
  checkRef.current = check;

  useEffect(() => {
    const map = controllers.current;
    return () => {
      for (const c of map.values()) c.abort();
    };
  }, []);

  const patch = useCallback(
    (key: string, p: Partial<PendingUpload>) =>
      setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...p } : u))),
    [],
  );

  const add = useCallback(
    (files: FileList | File[]) => {
      const incoming = Array.from(files);
      for (const file of incoming) {
        if (file.size > MAX_BYTES) {
          toast.error(`${file.name} is larger than 10 MB`);
          continue;
        }
        const problem = checkRef.current?.(file);
        if (problem) {
          toast.error(problem);
          continue;
        }
        const key = `u${++seq}`;
        const controller = new AbortController();
        controllers.current.set(key, controller);
        setUploads((list) =>
          list.length >= MAX_FILES ? list : [...list, { key, file, progress: 0, attachment: null, error: null }],
        );
        uploadFile(file, (progress) => patch(key, { progress }), controller.signal)
          .then((attachment) => patch(key, { attachment, progress: 1 }))
          .catch((err: unknown) => {
            if (err instanceof DOMException && err.name === "AbortError") return;
            patch(key, { error: errorMessage(err) });
            toast.error(`${file.name}: ${errorMessage(err)}`);
          })
          .finally(() => controllers.current.delete(key));
      }
    },
    [patch],
  );

  const remove = useCallback((key: string) => {
    controllers.current.get(key)?.abort();
    setUploads((list) => list.filter((u) => u.key !== key));
  }, []);

  const clear = useCallback(() => setUploads([]), []);

  const busy = uploads.some((u) => !u.attachment && !u.error);
  const ready = uploads.flatMap((u) => (u.attachment ? [u.attachment] : []));
  return { uploads, add, remove, clear, busy, ready };
}
