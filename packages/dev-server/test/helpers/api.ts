import { expect } from "vitest";
import { validateResponse } from "../../src/spec/openapi.js";

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * Calls one operation of the API and checks the answer against the spec: the body must match the
 * schema the spec declares for that operation and status, and every response carries X-Request-Id.
 */
export async function call<T = any>(
  baseUrl: string,
  operationId: string,
  method: string,
  path: string,
  opts: { key?: string; body?: unknown; headers?: Record<string, string>; rawBody?: string } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.key !== undefined) headers.Authorization = `Bearer ${opts.key}`;
  if (opts.body !== undefined || opts.rawBody !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(baseUrl + path, {
    method,
    headers,
    body: opts.rawBody ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
  });
  const text = await res.text();
  const body = text ? JSON.parse(text) : undefined;
  expect(res.headers.get("x-request-id"), `${operationId}: X-Request-Id`).toMatch(/^req_/);
  const problem = validateResponse(operationId, res.status, body);
  expect(problem, `${operationId} ${res.status} ${text}`).toBeNull();
  if (res.status === 429 || res.status === 503) expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
  return { status: res.status, headers: res.headers, body: body as T };
}

/** The operations, with the server's base URL and key bound. */
export function client(baseUrl: string, key: string) {
  return {
    presign: (body: unknown, headers?: Record<string, string>) =>
      call(baseUrl, "createPresignedUpload", "POST", "/v1/uploads/presign", { key, body, headers }),
    complete: (fileId: string, headers?: Record<string, string>) =>
      call(baseUrl, "completeUpload", "POST", "/v1/uploads/complete", { key, body: { fileId }, headers }),
    list: (query = "", headers?: Record<string, string>) =>
      call(baseUrl, "listFiles", "GET", `/v1/files${query}`, { key, headers }),
    get: (fileId: string, headers?: Record<string, string>) =>
      call(baseUrl, "getFile", "GET", `/v1/files/${fileId}`, { key, headers }),
    accessUrl: (fileId: string, query = "", headers?: Record<string, string>) =>
      call(baseUrl, "getFileAccessUrl", "GET", `/v1/files/${fileId}/access-url${query}`, { key, headers }),
    remove: (fileId: string, headers?: Record<string, string>) =>
      call(baseUrl, "deleteFile", "DELETE", `/v1/files/${fileId}`, { key, headers }),
    createMultipart: (body: unknown, headers?: Record<string, string>) =>
      call(baseUrl, "createMultipartUpload", "POST", "/v1/uploads/multipart", { key, body, headers }),
    presignParts: (fileId: string, partNumbers: number[], headers?: Record<string, string>) =>
      call(baseUrl, "presignUploadParts", "POST", `/v1/uploads/${fileId}/parts`, { key, body: { partNumbers }, headers }),
    listParts: (fileId: string) => call(baseUrl, "listUploadParts", "GET", `/v1/uploads/${fileId}/parts`, { key }),
    completeParts: (fileId: string, parts: Array<{ partNumber: number; etag: string }>) =>
      call(baseUrl, "completeUpload", "POST", "/v1/uploads/complete", { key, body: { fileId, parts } }),
    abort: (fileId: string) => call(baseUrl, "abortUpload", "DELETE", `/v1/uploads/${fileId}`, { key }),
  };
}

/** POSTs to a dev-only endpoint (not in the spec). */
export async function dev(baseUrl: string, path: string, body?: unknown, method = "POST"): Promise<any> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
