import { describe, expect, it } from "vitest";
import { APIError, ConflictError, ConnectionError, Dilnaka, DilnakaError, NotFoundError, PaymentRequiredError, QuotaExceededError } from "../../src/index.js";
import { BASE, KEY, fakeFetch, json } from "../helpers/fake-fetch.js";

// Status → class, code, requestId, retryAfter and hint for every status: spec/scenarios/error-classification.json.
describe("API error answers become typed errors (by status and code, never message)", () => {
  it("the message names status and code, never relying on the body's words", async () => {
    const f = fakeFetch([json(409, { success: false, error: "size_mismatch", message: "words that never matter" })]);
    const c = new Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: f.fetch, maxRetries: 0, envFile: false });
    const error = (await c.getFile("f").catch((e: unknown) => e)) as APIError;
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain("409 size_mismatch");
  });

  it("PaymentRequiredError is an alias of QuotaExceededError; bandwidth codes get their own hints", async () => {
    expect(PaymentRequiredError).toBe(QuotaExceededError);
    const f = fakeFetch([json(402, { success: false, error: "bandwidth_limit_exceeded", message: "m" })]);
    const c = new Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: f.fetch, envFile: false });
    const error = (await c.getFileAccessUrl("f").catch((e: unknown) => e)) as APIError;
    expect(error.hint).toMatch(/upgrade or wait/);
  });

  it("a non-JSON error body still yields the typed error with the raw text", async () => {
    const f = fakeFetch([new Response("Bad Gateway", { status: 404 })]);
    const c = new Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: f.fetch, envFile: false });
    const error = (await c.getFile("f").catch((e: unknown) => e)) as APIError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.body).toBe("Bad Gateway");
    // No code in the body: the status's, and never the raw body in the message.
    expect(error.code).toBe("http_404");
    expect(error.message).not.toContain("Bad Gateway");
  });

  it("a 200 that is not JSON (wrong base URL) → DilnakaError invalid_response with a hint", async () => {
    const f = fakeFetch([new Response("<html>welcome</html>", { status: 200, headers: { "content-type": "text/html" } })]);
    const c = new Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: f.fetch, envFile: false });
    const error = (await c.getFile("f").catch((e: unknown) => e)) as DilnakaError;
    expect(error).toBeInstanceOf(DilnakaError);
    expect(error.code).toBe("invalid_response");
    expect(error.hint).toMatch(/DILNAKA_BASE_URL/);
  });

  it("completion failures carry the fileId so the caller can finish later", async () => {
    const f = fakeFetch([json(409, { success: false, error: "upload_incomplete", message: "m" })]);
    const c = new Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: f.fetch, envFile: false });
    const error = (await c.completeUpload("f_77").catch((e: unknown) => e)) as APIError;
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.fileId).toBe("f_77");
    expect(error.message).toContain('completeUpload("f_77")');
  });
});

describe("a connection error names its root cause, not Node's 'fetch failed'", () => {
  const failing = (cause: unknown) => new TypeError("fetch failed", { cause });
  it.each([
    ["ENOTFOUND", Object.assign(new Error("getaddrinfo ENOTFOUND api.nowhere.test"), { code: "ENOTFOUND" }), /failed: getaddrinfo ENOTFOUND api\.nowhere\.test\. Hint/],
    ["ECONNRESET", Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }), /failed: read ECONNRESET\. Hint/],
    ["an AggregateError (one per address)", Object.assign(new AggregateError([Object.assign(new Error("connect ECONNREFUSED ::1:9"), { code: "ECONNREFUSED" })], ""), { code: "ECONNREFUSED" }), /failed: connect ECONNREFUSED ::1:9\. Hint/],
    ["a socket closed early (undici's code only)", Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }), /failed: UND_ERR_SOCKET: other side closed\. Hint/],
  ])("%s", async (_name, cause, expected) => {
    const f = fakeFetch([failing(cause)]);
    const c = new Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: f.fetch, envFile: false, maxRetries: 0 });
    const error = (await c.getFile("f").catch((e: unknown) => e)) as APIError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/^getFile GET \/v1\/files\/f failed: /);
    expect(error.message).toMatch(expected);
    expect(error.message).not.toContain("fetch failed");
    expect(error.hint).toContain("Retries are off (maxRetries 0)");
  });
});
