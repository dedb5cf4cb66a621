// Reading an HTTP answer's retry signals: which statuses are worth another try, and how long the
// server asked us to wait. Shared by the API transport, the storage PUT and the typed errors.

export interface HeaderGetter {
  get(name: string): string | null;
}

const MAX_RETRY_AFTER_MS = 60_000;

/** Connection-level trouble worth another try: 408, 429 and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** The server's requested wait in ms from `retry-after-ms` or `Retry-After` (seconds or an HTTP date), as sent; undefined when absent or unparseable. */
function requestedMs(headers: HeaderGetter, now: number): number | undefined {
  const raw = headers.get("retry-after");
  const ms = Number.parseFloat(headers.get("retry-after-ms")!);
  let wait = ms >= 0 ? ms : Number(raw || NaN) * 1000;
  if (!(wait >= 0) && raw) wait = Math.max(0, Date.parse(raw) - now);
  return wait >= 0 ? wait : undefined;
}

/** How long to wait before a retry: the server's wish capped at 60 s; undefined when it has none. */
export function retryAfterMs(headers: HeaderGetter, now = Date.now()): number | undefined {
  const wait = requestedMs(headers, now);
  return wait === undefined ? undefined : Math.min(wait, MAX_RETRY_AFTER_MS);
}

/** The server's wish in seconds, uncapped (the unit of `DilnakaError.retryAfter`): the caller decides what to do with a long one. */
export function retryAfterSeconds(headers: HeaderGetter): number | undefined {
  const ms = requestedMs(headers, Date.now());
  return ms === undefined ? undefined : ms / 1000;
}
