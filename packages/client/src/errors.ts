// Every error the SDK throws is a DilnakaError. Callers branch on the class (or `code`), never on
// message text; each error carries a `hint` that says what to do about it.

import { composeMessage, describeRequest, failed } from "./error-message.js";
import { isRetryableStatus, retryAfterSeconds, type HeaderGetter } from "./retry-after.js";

export interface DilnakaErrorInit {
  status?: number;
  code?: string;
  requestId?: string;
  retryAfter?: number;
  hint?: string;
  fileId?: string;
  cause?: unknown;
}

export class DilnakaError extends Error {
  /** HTTP status of the answer that caused this error, when there was one. */
  declare readonly status: number | undefined;
  /** Machine-readable code: the API body's `error`, storage's `<Code>`, or an SDK code. */
  declare readonly code: string | undefined;
  /** `X-Request-Id` of the API answer; quote it to support. */
  declare readonly requestId: string | undefined;
  /** Seconds the server asked us to wait (`Retry-After`), when it did. */
  declare readonly retryAfter: number | undefined;
  /** What the caller can do about it. */
  declare readonly hint: string | undefined;
  /** The upload's file id, when the failure happened after presign (finish with `completeUpload`). */
  declare fileId: string | undefined;
  /** The message before the rule added the request id and the hint: what failed and why. */
  declare readonly detail: string;

  /** Every error has a code and a hint: a class's own when the thrower gives none. */
  static defaultCode = "dilnaka_error";
  static defaultHint = "See the message; quote the request id to Dilnaka support if it persists.";

  constructor(message: string, init: DilnakaErrorInit = {}) {
    const Class = new.target as typeof DilnakaError;
    const hint = init.hint || Class.defaultHint;
    // The one message rule (error-message.ts): what failed, why, the request id, then the hint.
    // `init` doubles as ErrorOptions: Error takes its `cause` (only when present); the rest are ours.
    super(composeMessage(message, init.requestId, hint), init);
    const { cause: _cause, ...fields } = init;
    Object.assign(this, fields, { code: init.code || Class.defaultCode, hint });
    Object.defineProperty(this, "detail", { value: message, enumerable: false, configurable: true });
    this.name = new.target.name;
  }
}

/**
 * Changes an error's `detail` or `hint` and composes its message again by the same rule (a step
 * that learns more, e.g. that the bytes are stored, says so without breaking the message's shape).
 */
export function amendError<E extends DilnakaError>(error: E, change: { detail?: string; hint?: string }): E {
  const detail = change.detail ?? error.detail;
  const hint = change.hint ?? error.hint!;
  Object.defineProperty(error, "detail", { value: detail, enumerable: false, configurable: true });
  Object.assign(error, { hint, message: composeMessage(detail, error.requestId, hint) });
  return error;
}

/** Missing or malformed configuration (API key, base URL, timeout). Raised at construction. */
export class ConfigError extends DilnakaError {
  static override defaultCode = "config_error";
  static override defaultHint = "Fix the client's configuration (options, environment or .env) as the message says.";
}

/** A bad argument, caught before any network call. `field` names it. */
export class ValidationError extends DilnakaError {
  declare readonly field: string;
  constructor(field: string, message: string, init?: DilnakaErrorInit) {
    super(message, { ...init, field } as DilnakaErrorInit);
  }
  static override defaultCode = "validation_error";
  static override defaultHint = "Fix the argument the message names; nothing was sent.";
}

/** A file path to upload does not exist. */
export class SourceNotFoundError extends ValidationError {
  static override defaultCode = "source_not_found";
  static override defaultHint = "Check the path (relative paths start from the working directory).";
}

/** The caller's `AbortSignal` fired. */
export class AbortError extends DilnakaError {
  static override defaultCode = "aborted";
  static override defaultHint = "Call again with a signal that is not aborted.";
}

/**
 * A request to Dilnaka or to storage failed. The one class to catch for "the call did not work"
 * in every SDK (Python `DilnakaAPIError`, PHP `ApiException`; spec/scenarios/error-hierarchy.json):
 * the API's error answers (`status` set, one subclass per status), a connection that failed or timed
 * out (ConnectionError, TimeoutError), and storage refusing the bytes (StorageError).
 */
export class APIError extends DilnakaError {
  /** The parsed error body (`{success:false, error, message}`), or the raw text, for API answers. */
  declare readonly body: unknown;
  constructor(message: string, init: DilnakaErrorInit & { body?: unknown } = {}) {
    super(message, init);
  }
  static override defaultCode = "api_error";
}

/** The server could not be reached, or the connection broke (after retries). */
export class ConnectionError extends APIError {
  static override defaultCode = "connection_error";
  static override defaultHint = "Check the network and DILNAKA_BASE_URL.";
}

/** A request made no progress for `timeout` (after retries). */
export class TimeoutError extends ConnectionError {
  static override defaultCode = "timeout";
  static override defaultHint = "Raise the timeout option (ms) or DILNAKA_TIMEOUT (s), or check the network.";
}

export class BadRequestError extends APIError {}
export class AuthenticationError extends APIError {}
/** 402: a storage or bandwidth quota (`code` says which, e.g. `bandwidth_hard_cap_reached`). */
export class QuotaExceededError extends APIError {}
export { QuotaExceededError as PaymentRequiredError };
export class PermissionDeniedError extends APIError {}
export class NotFoundError extends APIError {}
export class ConflictError extends APIError {}
export class PayloadTooLargeError extends APIError {}
export class UnprocessableEntityError extends APIError {}
export class RateLimitError extends APIError {}
export class InternalServerError extends APIError {}

/** The presigned storage PUT failed (rejected, expired URL, storage down). */
export class StorageError extends APIError {
  static override defaultCode = "storage_error";
  static override defaultHint = "Storage refused the request: call upload() again for a fresh URL.";
}

/**
 * The bytes are not the ones meant: storage refused an upload whose SHA-256 differs from the one
 * signed (S3 `BadDigest`), or a download's size or SHA-256 differs from the file's
 * (`code` `checksum_mismatch` or `size_mismatch`).
 */
export class IntegrityError extends StorageError {
  static override defaultCode = "checksum_mismatch";
  static override defaultHint = "The bytes changed on the way: try again; if it persists, check the disk and the network.";
}

/** S3's answers to a body whose digest is not the signed one. */
const DIGEST_CODES = ["BadDigest", "XAmzContentChecksumMismatch", "InvalidDigest"];

const BY_STATUS: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  402: QuotaExceededError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  413: PayloadTooLargeError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

// One table: an API `error` code's hint (most specific) wins over its status's.
const HINTS: Record<string, string> = {
  storage_limit_exceeded: "Delete files you no longer need, or upgrade your plan.",
  bandwidth_limit_exceeded: "The monthly bandwidth is used up: upgrade or wait for the next billing cycle.",
  bandwidth_hard_cap_reached: "The monthly safety cap is reached: contact Dilnaka support to keep serving files.",
  upload_incomplete: "PUT the bytes to uploadUrl first, then call completeUpload(fileId).",
  size_mismatch: "The bytes sent differ from the announced size: upload the file again.",
  file_not_uploaded: "Finish the upload with completeUpload(fileId) first.",
  400: "Check the arguments; the message names the bad one.",
  401: "Check the API key (DILNAKA_API_KEY or the apiKey option): missing, mistyped or revoked.",
  402: "A plan quota is reached: upgrade, or free some space.",
  403: "This API key may not do this: use a key with access to the file.",
  404: "Check the file id; the file may have been deleted.",
  409: "The file is not in a state that allows this yet.",
  413: "The file is larger than your plan allows.",
  422: "Fix the field the message names.",
  429: "Too many requests: slow down, or raise maxRetries.",
};

/** What the retrying fetch knew about the request behind an answer: which call, how many attempts. */
export interface RequestFacts {
  method: string;
  url: string;
  attempts: number;
}

const FACTS = new WeakMap<Response, RequestFacts>();

/** Records, for the error built later from `response`, which request it answered and after how many attempts. */
export function rememberRequest(response: Response, facts: RequestFacts): Response {
  FACTS.set(response, facts);
  return response;
}

/** The body's `error` is a code when it looks like one; 0.0.8-era backends put a sentence there. */
const CODE_SHAPE = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/**
 * Builds the typed error for an API error answer, by status and `error` code (never by message).
 * `code` is the body's `error` when it is code-shaped, else `http_<status>`; the message is
 * "<operation> <METHOD> <path> failed[ after N attempts]: <status> <code>: <server's message>".
 */
export function apiErrorFrom(response: Response, body: unknown, facts: RequestFacts | undefined = FACTS.get(response)): APIError {
  const { status, headers } = response;
  // The body's strings only: a proxy's answer may be anything.
  const strings = Object.fromEntries(
    Object.entries(Object(body) as object).filter(([, value]) => typeof value === "string" && value.trim() !== ""),
  ) as { error?: string; message?: string; requestId?: string };
  const sentence = strings.error !== undefined && !CODE_SHAPE.test(strings.error) ? strings.error : undefined;
  const code = (sentence === undefined ? strings.error : undefined) ?? `http_${status}`;
  const requestId = headers.get("x-request-id") ?? strings.requestId;
  const what = failed(facts ? describeRequest(facts.method, facts.url) : "the Dilnaka API call", facts?.attempts);
  const server = status >= 500;
  const Class = BY_STATUS[status] ?? (server ? InternalServerError : APIError);
  if ((status >= 300 && status < 400) || response.type === "opaqueredirect") {
    // The SDK never follows an API redirect (the key must not go to another host): say where it led.
    const location = headers.get("location");
    return new APIError(`${what}: ${status} redirect: the Dilnaka API answered a redirect${location ? ` to ${location}` : ""}, which the SDK does not follow`, {
      status,
      code: "redirect",
      requestId,
      hint: "Set baseURL (DILNAKA_BASE_URL) to the address the API redirects to; redirects are never followed so that your API key stays with the API host.",
      body,
    });
  }
  const said = strings.message ?? sentence ?? (typeof body === "string" && body.trim() !== "" ? "the answer is not Dilnaka's JSON error body" : "no message");
  return new Class(`${what}: ${status} ${code}: ${said}`, {
    status,
    code,
    requestId,
    retryAfter: retryAfterSeconds(headers),
    hint:
      HINTS[code] ??
      HINTS[status] ??
      (server ? "A problem on Dilnaka's side: retry later; quote the request id if it persists." : "Unexpected answer: check DILNAKA_BASE_URL; quote the request id to support."),
    body,
  });
}

/** What storage answered to the PUT (the platform's transport reads it). */
export interface StorageAnswer {
  status: number;
  /** The storage answer's body (S3 errors are XML), truncated. */
  bodyText: string;
  headers: HeaderGetter;
}

/** Builds a StorageError from the storage host's answer (S3 speaks XML: `<Code>…</Code><Message>…</Message>`). */
export function storageErrorFrom({ status, bodyText, headers }: StorageAnswer, fileId: string, attempts = 1, what = "storage PUT"): StorageError {
  const code = /<Code>([^<]*)<\/Code>/.exec(bodyText)?.[1];
  const detail = /<Message>([^<]*)<\/Message>/.exec(bodyText)?.[1];
  if (DIGEST_CODES.includes(code!)) {
    return new IntegrityError(`${failed(what, attempts)}: ${status} ${code}: storage refused the bytes, not the SHA-256 signed`, {
      status,
      code,
      fileId,
      hint: "The bytes changed on the way, or the file while it was read: upload it again.",
    });
  }
  const expired = /expired/i.test(detail ?? "") || code === "ExpiredToken";
  const hint = expired
    ? "The upload URL expired before the bytes arrived: call upload() again for a fresh one."
    : status === 403
      ? "Storage refused the presigned request (expired URL or changed headers): call upload() again, sending exactly the presign headers."
      : isRetryableStatus(status)
        ? "Storage is briefly unavailable: retry the upload later."
        : "Storage rejected the bytes: check they match the presigned content type and size.";
  return new StorageError(`${failed(what, attempts)}: ${status}${code ? ` ${code}` : ""}: ${detail ?? "storage's answer has no message"}`, {
    status,
    code: code ?? (expired ? "ExpiredRequest" : `http_${status}`),
    hint,
    fileId,
    retryAfter: retryAfterSeconds(headers),
  });
}
