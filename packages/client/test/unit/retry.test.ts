import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AbortError, ConnectionError, Dilnaka, RateLimitError, TimeoutError } from "../../src/index.js";
import { retryDelayMs } from "../../src/retry.js";
import { BASE, KEY, fakeFetch, json, wireFile } from "../helpers/fake-fetch.js";

const unavailable = () => json(503, { success: false, error: "service_unavailable", message: "m" });

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(Math, "random").mockReturnValue(0); // no jitter: exact delays
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function make(answers: Parameters<typeof fakeFetch>[0], extra: Record<string, unknown> = {}) {
  const f = fakeFetch(answers);
  return { c: new Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: f.fetch, envFile: false, ...extra }), ...f };
}

describe("retries: connection errors, 408, 429, 5xx with backoff 0.5 s, 1 s, 2 s …", () => {
  it("503, 503, then 200: waits 500 ms then 1000 ms and returns the file", async () => {
    const { c, calls, callTimes } = make([unavailable(), unavailable(), json(200, wireFile("ok"))]);
    const start = Date.now();
    const result = c.getFile("ok");
    await vi.advanceTimersByTimeAsync(499);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect((await result).id).toBe("ok");
    expect(callTimes.map((t) => t - start)).toEqual([0, 500, 1500]);
  });

  it("every attempt is the same request (method, URL, body, auth)", async () => {
    const { c, calls } = make([unavailable(), json(200, wireFile("f"))]);
    const done = c.completeUpload("f");
    await vi.advanceTimersByTimeAsync(500);
    await done;
    expect(calls[1]).toEqual(calls[0]);
  });

  // Each header form alone, the 60 s cap and which statuses retry: spec/scenarios/retry.json.
  it("honours Retry-After then retry-after-ms on successive retries", async () => {
    const { c, callTimes } = make([
      json(429, { success: false, error: "rate_limited", message: "m" }, { "retry-after": "2" }),
      json(429, { success: false, error: "rate_limited", message: "m" }, { "retry-after-ms": "250" }),
      json(200, wireFile("f")),
    ]);
    const start = Date.now();
    const done = c.getFile("f");
    await vi.advanceTimersByTimeAsync(2250);
    await done;
    expect(callTimes.map((t) => t - start)).toEqual([0, 2000, 2250]);
  });

  it("gives up after maxRetries and throws the last answer's typed error", async () => {
    const limited = () => json(429, { success: false, error: "rate_limited", message: "m" }, { "retry-after": "1" });
    const { c, calls } = make([limited(), limited(), limited()]);
    const done = c.getFile("f").catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2000);
    const error = await done;
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(1);
    expect(calls).toHaveLength(3);
  });

  it("retries a network failure, then throws ConnectionError", async () => {
    const { c, calls } = make([new TypeError("fetch failed"), new TypeError("fetch failed"), new TypeError("fetch failed")]);
    const done = c.getFile("f").catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1500);
    expect(await done).toBeInstanceOf(ConnectionError);
    expect(calls).toHaveLength(3);
  });

  it("a request slower than timeout fails with TimeoutError (after retries)", async () => {
    const hang = (request: Request) =>
      new Promise<Response>((_, reject) => request.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    const { c, calls } = make([hang, hang], { timeout: 1000, maxRetries: 1 });
    const done = c.getFile("f").catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000 + 500 + 1000);
    const error = await done;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/^getFile GET \/v1\/files\/f failed after \d+ attempts: no answer within 1000 ms/);
    expect(calls).toHaveLength(2);
  });

  it("aborting during the backoff stops at once with AbortError", async () => {
    const controller = new AbortController();
    const { c, calls } = make([unavailable(), json(200, wireFile("f"))]);
    const done = c.getFile("f", { signal: controller.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    expect(await done).toBeInstanceOf(AbortError);
    expect(calls).toHaveLength(1);
  });

  it("backoff doubles up to 8 s and jitter only shortens it", () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => retryDelayMs(n, undefined, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
    expect(retryDelayMs(0, undefined, () => 1)).toBe(375);
    expect(retryDelayMs(3, 1234, () => 1)).toBe(1234);
  });
});
