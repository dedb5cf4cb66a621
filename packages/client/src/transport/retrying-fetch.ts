// The fetch under every JSON call: one attempt per try with its own timeout, retried on connection
// errors, timeouts, 408, 429 and 5xx with backoff (honouring Retry-After). Network failures become
// typed errors here, so openapi-fetch (and `client.raw`) only ever sees answers or DilnakaErrors.

import { ConnectionError, TimeoutError } from "../errors.js";
import { abortErrorFrom, isRetryableStatus, retryAfterMs, retryDelayMs, sleep } from "../retry.js";

export interface RetryingFetchOptions {
  fetch: typeof fetch;
  maxRetries: number;
  timeout: number;
}

export function createRetryingFetch(options: RetryingFetchOptions): (request: Request) => Promise<Response> {
  return async function retryingFetch(request: Request): Promise<Response> {
    const callerSignal = request.signal;
    for (let retry = 0; ; retry++) {
      if (callerSignal.aborted) throw abortErrorFrom(callerSignal);
      const attempt = new AbortController();
      const onCallerAbort = () => attempt.abort(callerSignal.reason);
      callerSignal.addEventListener("abort", onCallerAbort, { once: true });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        attempt.abort();
      }, options.timeout);
      let failure: Error;
      let wishMs: number | undefined;
      try {
        // A fresh Request per attempt: a consumed body cannot be sent twice.
        const response = await options.fetch(new Request(request.clone(), { signal: attempt.signal }));
        if (!isRetryableStatus(response.status) || retry >= options.maxRetries) return response;
        wishMs = retryAfterMs(response.headers);
        await response.body?.cancel().catch(() => {});
        failure = new ConnectionError(`answered ${response.status}`);
      } catch (error) {
        if (callerSignal.aborted) throw abortErrorFrom(callerSignal);
        failure = timedOut
          ? new TimeoutError(`${request.method} ${new URL(request.url).pathname} took longer than ${options.timeout} ms`, {
              code: "timeout",
              cause: error,
              hint: "Raise the timeout option (milliseconds) or DILNAKA_TIMEOUT (seconds), or check the network.",
            })
          : new ConnectionError(`could not reach ${new URL(request.url).origin}: ${(error as Error).message}`, {
              code: "connection_error",
              cause: error,
              hint: "Check the network and DILNAKA_BASE_URL; the request was retried before giving up.",
            });
        if (retry >= options.maxRetries) throw failure;
      } finally {
        clearTimeout(timer);
        callerSignal.removeEventListener("abort", onCallerAbort);
      }
      await sleep(retryDelayMs(retry, wishMs), callerSignal);
    }
  };
}
