// An injected fetch that answers the Dilnaka API by operation (a script per operationId, else a
// sensible default) and forwards every other request (the part and single PUTs of the browser
// entry, which sends them with fetch) to a real local HTTP storage (test/helpers/storage.ts).
// Records the operations in order, with their JSON bodies.

import { json, wireFile } from "./fake-fetch.js";

export type Operation =
  | "createPresignedUpload" | "completeUpload" | "createMultipartUpload" | "presignUploadParts" | "listUploadParts" | "abortUpload"
  | "listFiles" | "getFile" | "deleteFile";

type Handler = (body: any, fileId: string | undefined) => Response | Promise<Response>;

const ROUTES: Array<[string, RegExp, Operation]> = [
  ["POST", /^\/v1\/uploads\/presign$/, "createPresignedUpload"],
  ["POST", /^\/v1\/uploads\/complete$/, "completeUpload"],
  ["POST", /^\/v1\/uploads\/multipart$/, "createMultipartUpload"],
  ["POST", /^\/v1\/uploads\/([^/]+)\/parts$/, "presignUploadParts"],
  ["GET", /^\/v1\/uploads\/([^/]+)\/parts$/, "listUploadParts"],
  ["DELETE", /^\/v1\/uploads\/([^/]+)$/, "abortUpload"],
  ["GET", /^\/v1\/files$/, "listFiles"],
  ["GET", /^\/v1\/files\/([^/]+)$/, "getFile"],
  ["DELETE", /^\/v1\/files\/([^/]+)$/, "deleteFile"],
];

export interface Seen {
  operation: Operation | "put";
  body: any;
  url: string;
  /** performance.now() when the request was sent. */
  at: number;
}

/** `storageUrl`: where presigned URLs point. `answers[op]`: a queue of handlers, then `defaults`. */
export function fakeBackend(storageUrl: string, answers: Partial<Record<Operation, Handler[]>> = {}, overrides: Partial<Record<Operation, Handler>> = {}) {
  const seen: Seen[] = [];
  const defaults: Record<Operation, Handler> = {
    createPresignedUpload: (b) =>
      json(200, { fileId: "f_1", fileKey: `uploads/f_1-${b.filename}`, uploadUrl: `${storageUrl}/bucket/f_1`, expiresIn: 300, method: "PUT", headers: { "Content-Type": b.contentType } }),
    completeUpload: (b) => json(200, wireFile(b.fileId, { size: 0 })),
    createMultipartUpload: (b) =>
      json(200, {
        fileId: "f_1", fileKey: `uploads/f_1-${b.filename}`, uploadId: "u_1", partSize: b.partSize ?? 16 * 1024 * 1024,
        partCount: b.size === undefined ? null : Math.ceil(b.size / (b.partSize ?? 16 * 1024 * 1024)), expiresIn: 86400,
      }),
    presignUploadParts: (b, id) =>
      json(200, {
        parts: b.partNumbers.map((n: number) => ({ partNumber: n, url: `${storageUrl}/bucket/${id}?partNumber=${n}&uploadId=u`, method: "PUT", headers: {}, expiresIn: 3600 })),
      }),
    listUploadParts: () => json(404, { success: false, error: "not_found", message: "File not found." }),
    abortUpload: (_b, id) => json(200, { success: true, fileId: id, aborted: true }),
    listFiles: () => json(200, { files: [] }),
    getFile: (_b, id) => json(200, wireFile(id)),
    deleteFile: (_b, id) => json(200, { success: true, fileId: id, deleted: true }),
    ...overrides,
  };
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    if (!(input instanceof Request) && String(input).startsWith(storageUrl)) {
      seen.push({ operation: "put", body: null, url: String(input), at: performance.now() });
      // Forwarded as given: a Request built here would carry a signal that only follows init's
      // through a WeakRef (undici), which GC may drop mid-PUT, and an abort would then not reach it.
      return globalThis.fetch(input, init);
    }
    const request = init ? new Request(input, init) : input instanceof Request ? input : new Request(input);
    const url = new URL(request.url);
    const route = ROUTES.find(([method, path]) => method === request.method && path.test(url.pathname));
    if (!route) throw new Error(`fakeBackend: no route for ${request.method} ${url.pathname}`);
    const [, path, operation] = route;
    const text = await request.text();
    const body = text ? JSON.parse(text) : undefined;
    seen.push({ operation, body, url: request.url, at: performance.now() });
    const handler = answers[operation]?.shift() ?? defaults[operation];
    return handler(body, path.exec(url.pathname)![1]);
  };
  const operations = () => seen.filter((s) => s.operation !== "put").map((s) => s.operation);
  /** The API operations and the PUTs storage received ("put"), in time order: both entries alike. */
  const timeline = (received: Array<{ at: number }>) =>
    [...seen.filter((s) => s.operation !== "put"), ...received.map((r) => ({ operation: "put", at: r.at }))].sort((a, b) => a.at - b.at).map((s) => s.operation);
  return { fetch: fetch as typeof globalThis.fetch, seen, operations, timeline };
}
