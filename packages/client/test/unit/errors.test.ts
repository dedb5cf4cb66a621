import { describe, expect, it } from "vitest";
import {
  APIError, AuthenticationError, BadRequestError, ConflictError, Dilnaka, DilnakaError, InternalServerError, NotFoundError,
  PayloadTooLargeError, PaymentRequiredError, PermissionDeniedError, QuotaExceededError, RateLimitError, UnprocessableEntityError,
} from "../../src/index.js";
import { BASE, KEY, fakeFetch, json } from "../helpers/fake-fetch.js";

const table: Array<[number, string, new (...a: never[]) => APIError]> = [
  [400, "invalid_request", BadRequestError],
  [401, "unauthorized", AuthenticationError],
  [402, "storage_limit_exceeded", QuotaExceededError],
  [402, "bandwidth_hard_cap_reached", QuotaExceededError],
  [403, "forbidden", PermissionDeniedError],
  [404, "not_found", NotFoundError],
  [409, "size_mismatch", ConflictError],
  [413, "file_too_large", PayloadTooLargeError],
  [422, "validation_error", UnprocessableEntityError],
  [429, "rate_limited", RateLimitError],
  [500, "internal_error", InternalServerError],
  [503, "service_unavailable", InternalServerError],
  [418, "teapot", APIError],
];

describe("API error answers become typed errors (by status and code, never message)", () => {
  it.each(table)("%i %s", async (status, code, Class) => {
    const f = fakeFetch([json(status, { success: false, error: code, message: "words that never matter" }, { "x-request-id": "req_42", "retry-after": "3" })]);
    const c = new Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: f.fetch, maxRetries: 0, envFile: false });
    const error = (await c.getFile("f").catch((e: unknown) => e)) as APIError;
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(DilnakaError);
    expect(error).toMatchObject({ status, code, requestId: "req_42", retryAfter: 3 });
    expect(error.hint).toEqual(expect.any(String));
    expect(error.message).toContain(`${status} ${code}`);
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
    expect(error.code).toBeUndefined();
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
