// The key-less uploader's side of spec/upload-route.yaml: one POST per step to the app's route,
// retried like API calls (connection errors, timeouts, 408, 429, 5xx), the route's refusals turned
// into typed errors with the route's own message. `routeAsApi` lets the SDK's multipart code, which
// speaks the Dilnaka API, reach the route instead: part URLs, complete and abort go through it.

import { apiErrorFrom, PermissionDeniedError, ValidationError, type APIError } from "./errors.js";
import { createRetryingFetch } from "./transport/retrying-fetch.js";
import type { ApiCaller } from "./transport/api.js";
import type { RouteStep } from "./upload-route/wire.js";

export interface RouteCallerOptions {
  url: string;
  fetch: typeof fetch;
  /** Sent to the route only (never to storage): a CSRF token, an Authorization of your app. */
  headers: Record<string, string> | undefined;
  maxRetries: number;
  timeout: number;
}

export type RouteCall = <T>(step: RouteStep, signal?: AbortSignal) => Promise<T>;

const HINTS: Record<string, string> = {
  upload_refused: "The site refused this upload; its message says why.",
  file_too_large: "Pick a smaller file.",
  content_type_refused: "Pick a file of an accepted type.",
  token_expired: "The upload took longer than its token lives: upload the file again.",
  token_invalid: "Upload the file again (the completion token was changed on the way).",
  token_mismatch: "Upload the file again.",
  token_used: "This file is already uploaded.",
  invalid_request: "Update @dilnaka/client on the page and the route helper on the server to matching versions.",
};
/** Which argument a validation refusal is about. */
const FIELDS: Record<string, string> = { file_too_large: "size", content_type_refused: "contentType" };

// The route's own words for each refusal: the shared upload steps append API-flavoured advice to
// an error's message (completeUpload …) that does not apply behind a route; upload() restores them.
const routeMessages = new WeakMap<object, string>();

export function withRouteMessage<E>(error: E): E {
  const message = routeMessages.get(error as object);
  if (message !== undefined) (error as { message: string }).message = message;
  return error;
}

/** 401/403 → PermissionDeniedError, 400/413/415/422 → ValidationError, both with the route's message; others as API errors. */
export function routeErrorFrom(response: Response, body: unknown): ValidationError | APIError {
  const error = classify(response, body);
  routeMessages.set(error, error.message);
  return error;
}

function classify(response: Response, body: unknown): ValidationError | APIError {
  const { error: code, message } = (typeof body === "object" && body !== null ? body : {}) as { error?: unknown; message?: unknown };
  const text = typeof message === "string" && message !== "" ? message : `the upload route answered ${response.status}`;
  const init = { status: response.status, code: typeof code === "string" ? code : undefined, hint: HINTS[code as string], requestId: response.headers.get("x-request-id") ?? undefined };
  if (response.status === 401 || response.status === 403) return new PermissionDeniedError(text, { ...init, body });
  if ([400, 413, 415, 422].includes(response.status)) return new ValidationError(FIELDS[code as string] ?? "file", text, init);
  return apiErrorFrom(response, body);
}

export function routeCaller(options: RouteCallerOptions): RouteCall {
  const send = createRetryingFetch(options);
  // A relative route URL ("/api/upload") is the page's own route.
  const url = new URL(options.url, (globalThis as { location?: { href: string } }).location?.href).href;
  return async <T>(step: RouteStep, signal?: AbortSignal): Promise<T> => {
    const headers = new Headers(options.headers);
    headers.set("Content-Type", "application/json");
    const response = await send(new Request(url, { method: "POST", headers, body: JSON.stringify(step), signal, credentials: "same-origin" }));
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* a proxy's page: kept as text */
    }
    if (!response.ok) throw routeErrorFrom(response, body);
    if (typeof body !== "object" || body === null || (body as { type?: unknown }).type !== step.type) {
      throw new ValidationError("handleUploadUrl", `the upload route answered ${response.status} without the ${step.type} step's JSON`, {
        code: "invalid_response",
        status: response.status,
        hint: "Check handleUploadUrl points at a route made with handleUpload (or a Python/PHP route helper).",
      });
    }
    return body as T;
  };
}

interface Init {
  params?: { path?: { fileId?: string } };
  body?: { partNumbers?: number[]; parts?: Array<{ partNumber: number; etag: string }> };
  signal?: AbortSignal;
}

/**
 * The three API calls the multipart code makes, answered through the route for the token's file
 * (as `{ data, response }`, what the API client returns; refusals are already typed errors).
 */
export function routeAsApi(call: RouteCall, fileId: string, token: string): ApiCaller {
  const ok = (data: unknown) => ({ data, response: new Response(null, { status: 200 }) });
  const POST = async (path: string, { body = {}, signal }: Init = {}) => {
    if (path === "/v1/uploads/{fileId}/parts") {
      return ok(await call({ type: "presignParts", fileId, token, partNumbers: body.partNumbers ?? [] }, signal));
    }
    if (path === "/v1/uploads/complete") {
      const parts = body.parts;
      const done = await call<{ file: unknown }>(parts ? { type: "complete", fileId, token, parts } : { type: "complete", fileId, token }, signal);
      return ok(done.file);
    }
    throw new Error(`the upload route has no ${path}`);
  };
  const DELETE = async (_path: string, { signal }: Init = {}) => {
    const aborted = await call<{ aborted: boolean }>({ type: "abort", fileId, token }, signal);
    return ok({ success: true, fileId, aborted: aborted.aborted });
  };
  const GET = async (path: string) => {
    throw new Error(`the upload route has no ${path}`);
  };
  return { GET, POST, DELETE } as unknown as ApiCaller;
}
