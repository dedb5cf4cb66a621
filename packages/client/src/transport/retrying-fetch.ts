// The fetch under every JSON call: one attempt per try with its own timeout, retried on connection
// errors, timeouts, 408, 429 and 5xx with backoff (honouring Retry-After). Network failures become
// typed errors here, so openapi-fetch (and `client.raw`) only ever sees answers or DilnakaErrors.

import { rememberRequest } from "../errors.js";
import { describeRequest } from "../error-message.js";
import { withDeadline, withRetries } from "../retry.js";

export interface RetryingFetchOptions {
  fetch: typeof fetch;
  maxRetries: number;
  timeout: number;
}

export function createRetryingFetch(options: RetryingFetchOptions): (request: Request) => Promise<Response> {
  return (request) =>
    withRetries(
      options.maxRetries,
      request.signal,
      async (attempt) =>
        // The answer remembers its request and attempt: an error built from it names both.
        rememberRequest(
          await withDeadline(
            request.signal,
            options.timeout,
            describeRequest(request.method, request.url),
            "Check the network and DILNAKA_BASE_URL.",
            // A fresh copy per attempt (a consumed body cannot be sent twice), its signal given in
            // init: Node's fetch (undici) lets a `new Request(…, { signal })` lose that signal to the
            // garbage collector mid-request, and the timeout then never ended a hung call.
            (signal) => options.fetch(request.clone(), { signal }),
            { number: attempt, maxRetries: options.maxRetries },
          ),
          { method: request.method, url: request.url, attempts: attempt },
        ),
      // An answer we retry is dropped: free its connection.
      (failure) => (failure as Response).body?.cancel().catch(() => {}),
    );
}
