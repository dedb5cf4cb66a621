// The route's answers: JSON successes, `{success:false, error, message}` refusals, and the Dilnaka
// API's errors passed through with their status and code (their text already has the key scrubbed).

import type { RouteErrorCode } from "../upload-route/wire.js";

/** A refusal thrown by a step and turned into its answer by handleUpload. */
export class RouteFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: RouteErrorCode | string,
    message: string,
    /** What went wrong inside the route, for its onError (never shown to the page). */
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

export const fail = (status: number, code: RouteErrorCode, message: string) => new RouteFailure(status, code, message);

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers },
  });
}

export function failureResponse(failure: RouteFailure, headers?: Record<string, string>): Response {
  return json(failure.status, { success: false, error: failure.code, message: failure.message }, headers);
}

interface ErrorLike {
  name?: string;
  status?: unknown;
  code?: unknown;
  message?: unknown;
  body?: { message?: unknown } | unknown;
}

/**
 * What the page gets when a Dilnaka call failed. Duck-typed, not `instanceof`: the app's client may
 * come from another build of this package (its Node entry) than the route's. API errors keep their
 * status and code; the route's own key being refused is the app's problem, not the visitor's, so
 * that is a 502; a network failure to Dilnaka is a 502 (504 for a timeout); anything else a 500
 * that names nothing internal.
 */
export function failureFromError(error: unknown): RouteFailure {
  if (error instanceof RouteFailure) return error;
  const e = (error ?? {}) as ErrorLike;
  const bodyMessage = (e.body as { message?: unknown } | undefined)?.message;
  const message = typeof bodyMessage === "string" ? bodyMessage : typeof e.message === "string" ? e.message : "The Dilnaka API refused the request.";
  if (typeof e.status === "number" && e.status >= 400 && e.status <= 599 && e.name !== "StorageError") {
    const code = typeof e.code === "string" && e.code !== "" ? e.code : "api_error";
    if (e.status === 401 || e.status === 403) {
      return new RouteFailure(502, code, "The upload route's Dilnaka API key was refused; the site's operator must fix its configuration.");
    }
    return new RouteFailure(e.status, code, message);
  }
  if (e.name === "TimeoutError") return new RouteFailure(504, "timeout", "The Dilnaka API did not answer in time; try again.");
  if (e.name === "ConnectionError") return new RouteFailure(502, "connection_error", "The upload route could not reach the Dilnaka API; try again.");
  return new RouteFailure(500, "internal_error", "The upload route failed; try again later.", error ?? new Error("unknown failure"));
}
