// The one rule every error message follows, in all three SDKs and the CLI
// (spec/scenarios/README.md, "Error messages"; spec/scenarios/error-messages.json):
//
//   <what failed>: <why>[ (request id <id>)]. Hint: <what to do>
//
// <what failed> is the operation with its method and path ("getFile GET /v1/files/f1 failed",
// "… failed after 3 attempts") or the local check ("upload: folder"); <why> is the server's own
// message (never a raw body) or the root cause of a network failure.

/** The spec's operationId of each API call, by method and path (the path's tail, after any base path). */
const OPERATIONS: [method: string, path: RegExp, operationId: string][] = [
  ["POST", /\/v1\/uploads\/presign$/, "createPresignedUpload"],
  ["POST", /\/v1\/uploads\/complete$/, "completeUpload"],
  ["POST", /\/v1\/uploads\/multipart$/, "createMultipartUpload"],
  ["POST", /\/v1\/uploads\/[^/]+\/parts$/, "presignUploadParts"],
  ["GET", /\/v1\/uploads\/[^/]+\/parts$/, "listUploadParts"],
  ["DELETE", /\/v1\/uploads\/[^/]+$/, "abortUpload"],
  ["GET", /\/v1\/files$/, "listFiles"],
  ["GET", /\/v1\/files\/[^/]+$/, "getFile"],
  ["DELETE", /\/v1\/files\/[^/]+$/, "deleteFile"],
  ["GET", /\/v1\/files\/[^/]+\/access-url$/, "getFileAccessUrl"],
];

/** "getFile GET /v1/files/f1": the operation, its method and path (no host, no query). */
export function describeRequest(method: string, url: string): string {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url.split("?")[0]!;
  }
  const operation = OPERATIONS.find(([m, p]) => m === method && p.test(path))?.[2];
  return `${operation ? `${operation} ` : ""}${method} ${path}`;
}

/** "<what> failed" or "<what> failed after 3 attempts". */
export function failed(what: string, attempts = 1): string {
  return `${what} failed${attempts > 1 ? ` after ${attempts} attempts` : ""}`;
}

/** Composes the rule's text; a text composed already (a copied message) is kept as it is. */
export function composeMessage(why: string, requestId: string | undefined, hint: string): string {
  if (why.includes(" Hint: ")) return why;
  const text = why.replace(/[\s.]+$/, "");
  return `${text}${requestId ? ` (request id ${requestId})` : ""}. Hint: ${hint.replace(/\s+$/, "")}`;
}

/**
 * What actually failed under a network error: Node's fetch says only "fetch failed" and keeps the
 * system error (ECONNREFUSED, ENOTFOUND, ECONNRESET…) in `cause.cause`, sometimes inside an
 * AggregateError (one per address tried).
 */
export function rootCause(error: unknown): string {
  let deepest = error as { message?: string; code?: string; cause?: unknown; errors?: unknown[] } | undefined;
  for (let depth = 0; depth < 5; depth++) {
    const next = (deepest?.cause ?? deepest?.errors?.[0]) as typeof deepest;
    if (typeof next !== "object" || next === null) break;
    deepest = next;
  }
  const message = deepest?.message || String(deepest ?? "unknown error");
  const code = typeof deepest?.code === "string" ? deepest.code : undefined;
  // The system error says it all ("connect ECONNREFUSED 127.0.0.1:4100"); "fetch failed" adds nothing.
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/** The part of a network hint about retries: what was really done, never a retry that did not happen. */
export function retryNote(attempts: number, maxRetries: number, option = "maxRetries"): string {
  if (maxRetries === 0) return `Retries are off (${option} 0): raise ${option} to retry such failures.`;
  return `It was tried ${attempts} time${attempts === 1 ? "" : "s"} (${option} ${maxRetries}).`;
}
