import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** Error codes of the spec's `Error` schema, by the status that carries them by default. */
export const DEFAULT_CODE: Record<number, string> = {
  400: "invalid_request",
  401: "unauthorized",
  402: "storage_limit_exceeded",
  403: "forbidden",
  404: "not_found",
  409: "upload_incomplete",
  413: "file_too_large",
  422: "validation_error",
  429: "rate_limited",
  500: "internal_error",
  503: "service_unavailable",
};

const DEFAULT_MESSAGE: Record<number, string> = {
  429: "Too many requests. Retry after 1 second.",
  500: "Something went wrong on our side.",
  503: "The service is temporarily unavailable.",
};

/** An error answered as `{success:false,error,message}` with the given status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfter?: number,
  ) {
    super(message);
  }

  static of(status: number, retryAfter?: number): ApiError {
    const code = DEFAULT_CODE[status] ?? (status >= 500 ? "internal_error" : "invalid_request");
    const message = DEFAULT_MESSAGE[status] ?? `Injected ${status} response.`;
    return new ApiError(status, code, message, retryAfter);
  }
}

export function newRequestId(): string {
  return `req_${randomBytes(12).toString("hex")}`;
}

/** CORS for the API: any origin may call it with a bearer key (no cookies are involved). */
export function setApiCors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader("Access-Control-Allow-Origin", "*");
  res.setHeader("Access-Control-Expose-Headers", "X-Request-Id, Retry-After");
  if (req.method === "OPTIONS") {
    res.setHeader("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
    res.setHeader(
      "Access-Control-Allow-Headers",
      req.headers["access-control-request-headers"] ?? "Authorization, Content-Type, X-Dilnaka-Fault",
    );
    res.setHeader("Access-Control-Max-Age", "600");
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: ApiError): void {
  if (err.status === 429 || err.status === 503) res.setHeader("Retry-After", String(err.retryAfter ?? 1));
  sendJson(res, err.status, { success: false, error: err.code, message: err.message });
}
