// The upload route's small pure parts: content-type rules, the uploader's mapping of the route's
// refusals to typed errors, Node requests as Web requests (an Express-parsed body included), and
// the spec checker the e2e tests rely on (it must refuse what the spec refuses).
import { Readable } from "node:stream";
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { typeAllowed } from "../../src/server/policy.js";
import { toWebRequest } from "../../src/server/node.js";
import { routeErrorFrom } from "../../src/browser-uploader-route.js";
import { PermissionDeniedError, QuotaExceededError, RateLimitError, ValidationError } from "../../src/index.js";
import { specViolations } from "../helpers/upload-route-spec.js";

describe("typeAllowed", () => {
  it.each([
    ["image/png", ["image/png"], true],
    ["IMAGE/PNG; charset=binary", ["image/png"], true],
    ["image/webp", ["image/*"], true],
    ["imagex/webp", ["image/*"], false],
    ["video/mp4", ["image/*", "application/pdf"], false],
    ["anything/else", ["*/*"], true],
    ["image/png", [], false],
  ])("%s against %j → %s", (type, allowed, expected) => expect(typeAllowed(type, allowed)).toBe(expected));
});

describe("routeErrorFrom: the route's refusals as the uploader throws them", () => {
  const answer = (status: number, body: unknown) => routeErrorFrom(new Response(null, { status, headers: { "x-request-id": "req_1" } }), body);
  it.each([
    [401, "unauthenticated", PermissionDeniedError],
    [403, "token_expired", PermissionDeniedError],
    [400, "invalid_request", ValidationError],
    [413, "file_too_large", ValidationError],
    [415, "content_type_refused", ValidationError],
    [422, "validation_error", ValidationError],
    [402, "storage_limit_exceeded", QuotaExceededError],
    [429, "rate_limited", RateLimitError],
  ])("%i %s → %o with the route's message", (status, code, Class) => {
    const error = answer(status, { success: false, error: code, message: "The route says no." });
    expect(error).toBeInstanceOf(Class);
    expect(error).toMatchObject({ status, code, requestId: "req_1" });
    if (status !== 402 && status !== 429) {
      // The route's own words, then the request id and the hint (spec/scenarios/error-messages.json).
      expect(error.detail).toBe("The route says no.");
      expect(error.message).toBe(`The route says no (request id req_1). Hint: ${error.hint}`);
    }
  });
  it("names the field of a size or type refusal; an answer without JSON still has a message", () => {
    expect(answer(413, { error: "file_too_large", message: "m" })).toMatchObject({ field: "size", hint: "Pick a smaller file." });
    expect(answer(415, { error: "content_type_refused", message: "m" })).toMatchObject({ field: "contentType" });
    expect(answer(403, "<html>forbidden</html>").detail).toBe("the upload route answered 403");
  });
});

describe("toWebRequest (toNodeHandler's reading of a Node request)", () => {
  const nodeRequest = (body: string | undefined, extra: object = {}) =>
    Object.assign(Readable.from(body === undefined ? [] : [Buffer.from(body)]), {
      method: "POST",
      url: "/api/upload?x=1",
      headers: { host: "app.test:8080", "content-type": "application/json", "content-length": String(body?.length ?? 0), cookie: "session=abc" },
      ...extra,
    }) as unknown as IncomingMessage;

  it("keeps the URL (from Host), the method, the headers and the body", async () => {
    const request = await toWebRequest(nodeRequest('{"type":"abort"}'));
    expect(request.url).toBe("http://app.test:8080/api/upload?x=1");
    expect(request.method).toBe("POST");
    expect(request.headers.get("cookie")).toBe("session=abc");
    expect(await request.text()).toBe('{"type":"abort"}');
  });

  it("uses a body Express already parsed (express.json()), and Express's originalUrl", async () => {
    const request = await toWebRequest(nodeRequest(undefined, { body: { type: "presign" }, originalUrl: "/mounted/api/upload" }));
    expect(request.url).toBe("http://app.test:8080/mounted/api/upload");
    expect(await request.json()).toEqual({ type: "presign" });
  });

  it("stops reading a body past 1 MiB (the route then refuses it)", async () => {
    const request = await toWebRequest(nodeRequest("x".repeat(3 * 1024 * 1024)));
    expect((await request.text()).length).toBe(1024 * 1024 + 1);
  });
});

describe("the spec checker of the e2e tests", () => {
  it("accepts the spec's own examples and refuses answers the spec refuses", () => {
    const presign = { type: "presign", filename: "a.mp4", contentType: "video/mp4", size: 5 };
    const presigned = { type: "presign", fileId: "f", token: "v1.a.b", tokenExpiresAt: 1, upload: { url: "u", method: "PUT", headers: {}, expiresIn: 300 }, multipart: null };
    expect(specViolations(presign, 200, presigned)).toEqual([]);
    expect(specViolations(presign, 200, { ...presigned, upload: { ...presigned.upload, method: "POST" } })).toHaveLength(1);
    expect(specViolations(presign, 200, { type: "presign", fileId: "f" })).toHaveLength(1);
    expect(specViolations(presign, 403, { success: false, error: "upload_refused" })).toHaveLength(1);
    expect(specViolations({ ...presign, size: -1 }, 200, presigned)).toHaveLength(1);
    expect(specViolations({ ...presign, size: -1 }, 400, { success: false, error: "invalid_request", message: "m" })).toEqual([]);
  });
});
