// When and how long to wait before trying a step again. Retries wrap single steps (one API call,
// one PUT), never a whole upload.

import { AbortError } from "./errors.js";

export const RETRYABLE_STATUSES = new Set([408, 429]);
const BASE_DELAY_MS = 500;
const MAX_BACKOFF_MS = 8_000;
const MAX_RETRY_AFTER_MS = 60_000;

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status) || status >= 500;
}

/**
 * The server's requested wait in ms from `retry-after-ms` or `Retry-After` (seconds or an HTTP
 * date), capped at 60 s; undefined when absent or unparseable.
 */
export function retryAfterMs(headers: { get(name: string): string | null }, now = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, MAX_RETRY_AFTER_MS);
  const raw = headers.get("retry-after");
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(raw);
  if (Number.isFinite(date)) return Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
  return undefined;
}

/**
 * Delay before retry number `retry` (0-based): the server's wish when given, else exponential
 * backoff 0.5 s, 1 s, 2 s … capped at 8 s, minus up to 25 % jitter so clients don't retry in lockstep.
 */
export function retryDelayMs(retry: number, serverWishMs: number | undefined, random: () => number = Math.random): number {
  if (serverWishMs !== undefined) return serverWishMs;
  const backoff = Math.min(BASE_DELAY_MS * 2 ** retry, MAX_BACKOFF_MS);
  return backoff * (1 - 0.25 * random());
}

/** Resolves after `ms`, or rejects with AbortError as soon as `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortErrorFrom(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortErrorFrom(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export function abortErrorFrom(signal: AbortSignal): AbortError {
  return new AbortError("the operation was aborted by its AbortSignal", {
    code: "aborted",
    cause: signal.reason,
    hint: "Call again without aborting the signal to finish the operation.",
  });
}
