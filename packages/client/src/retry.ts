// When and how long to wait before trying a step again, and the per-attempt deadline. Retries wrap
// single steps (one API call, one PUT), never a whole upload; the API transport and the storage PUT
// share this loop.

import { AbortError, ConnectionError, DilnakaError, TimeoutError } from "./errors.js";
import { failed, retryNote, rootCause } from "./error-message.js";
import { isRetryableStatus, retryAfterMs, type HeaderGetter } from "./retry-after.js";

export { isRetryableStatus, retryAfterMs };

const BASE_DELAY_MS = 500;
const MAX_BACKOFF_MS = 8_000;

/**
 * Delay before retry number `retry` (0-based): the server's wish when given, else exponential
 * backoff 0.5 s, 1 s, 2 s … capped at 8 s, minus up to 25 % jitter so clients don't retry in lockstep.
 */
export function retryDelayMs(retry: number, serverWishMs: number | undefined, random: () => number = Math.random): number {
  return serverWishMs ?? Math.min(BASE_DELAY_MS * 2 ** retry, MAX_BACKOFF_MS) * (1 - 0.25 * random());
}

/**
 * Calls `send` until it gives a final answer: a network failure (ConnectionError, TimeoutError) or
 * an answer with a retryable status is tried again after `retryDelayMs`, at most `maxRetries`
 * times; then the last answer is returned or the last failure thrown. `beforeRetry` sees each
 * failure that is about to be retried (it may throw to stop). `retryable` widens the statuses
 * worth another try (a multipart part also retries 403, with a fresh URL). `send` gets the attempt's
 * number (1 = the first), so a failure that ends the loop can say how many were made.
 */
export async function withRetries<R extends { status: number; headers: HeaderGetter }>(
  maxRetries: number,
  signal: AbortSignal | undefined,
  send: (attempt: number) => Promise<R>,
  beforeRetry: (failure: R | DilnakaError) => unknown,
  retryable = isRetryableStatus,
): Promise<R> {
  for (let retry = 0; ; retry++) {
    let failure: R | DilnakaError;
    let wishMs: number | undefined;
    try {
      failure = await send(retry + 1);
      if (!retryable(failure.status) || retry >= maxRetries) return failure;
      wishMs = retryAfterMs(failure.headers);
    } catch (error) {
      if (!(error instanceof ConnectionError || error instanceof TimeoutError) || retry >= maxRetries) throw error;
      failure = error;
    }
    await beforeRetry(failure);
    await sleep(retryDelayMs(retry, wishMs), signal);
  }
}

/** Resolves after `ms`, or rejects with AbortError as soon as `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortErrorFrom(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export function abortErrorFrom(signal: AbortSignal): AbortError {
  return new AbortError("aborted by its AbortSignal", {
    code: "aborted",
    cause: signal.reason,
    hint: "Call again with a signal that is not aborted.",
  });
}

/** Which attempt of how many allowed: for messages and hints that say what was really done. */
export interface Attempt {
  number: number;
  maxRetries: number;
}

/**
 * One attempt of a request: `run` gets a signal that fires when the caller's `signal` does or after
 * `timeout` ms. Failures become typed errors: AbortError (the caller's), TimeoutError, or a
 * ConnectionError with `connectionHint`. `what` names the request in the message.
 */
export async function withDeadline<T>(
  signal: AbortSignal | undefined,
  timeout: number,
  what: string,
  connectionHint: string,
  run: (attemptSignal: AbortSignal) => Promise<T>,
  attempt?: Attempt,
): Promise<T> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal!.reason);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeout);
  try {
    if (signal?.aborted) onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    return await run(controller.signal);
  } catch (error) {
    throw transportError(signal, error, timedOut && timeout, what, connectionHint, attempt);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

/**
 * Types a network failure: the caller's abort, else a timeout (when `timedOutMs`), else a
 * connection error whose message names the root cause (ECONNREFUSED…, not just "fetch failed").
 * With `attempt`, the message counts the attempts and the hint says whether retries were made.
 */
export function transportError(
  signal: AbortSignal | undefined,
  cause: unknown,
  timedOutMs: number | false,
  what: string,
  connectionHint: string,
  attempt?: Attempt,
): DilnakaError {
  if (signal?.aborted) return abortErrorFrom(signal);
  if (cause instanceof DilnakaError) return cause;
  const note = attempt ? ` ${retryNote(attempt.number, attempt.maxRetries)}` : "";
  const head = failed(what, attempt?.number);
  return timedOutMs !== false
    ? new TimeoutError(`${head}: no answer within ${timedOutMs} ms`, {
        code: "timeout",
        cause,
        hint: `Raise the timeout option (ms) or DILNAKA_TIMEOUT (s), or check the network.${note}`,
      })
    : new ConnectionError(`${head}: ${rootCause(cause)}`, { code: "connection_error", cause, hint: `${connectionHint}${note}` });
}
