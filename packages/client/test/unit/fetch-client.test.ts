// The browser entry's JSON client (src/transport/fetch-client.ts) against openapi-fetch itself: the
// same calls must put the same requests on the wire and read every kind of answer the same way.
// If openapi-fetch changes its behaviour in an update, this test says where the two differ.

import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import type { paths } from "../../src/generated/schema.js";
import { createOpenapiClient } from "../../src/transport/openapi-client.js";
import { createFetchClient } from "../../src/transport/fetch-client.js";

const BASE = "http://api.test/base";
const SDK_HEADERS = { Authorization: "Bearer dlk_dev_0123456789abcdef" };

type Method = "GET" | "POST" | "DELETE";
type AnyClient = Record<Method, (path: string, init?: Record<string, unknown>) => Promise<{ data?: unknown; error?: unknown; response: Response }>>;

/** Both clients over a fetch that records the request and answers with `answer()`. */
function clients(answer: () => Response = () => Response.json({ ok: true })) {
  const seen: Request[] = [];
  const fetch = async (request: Request) => {
    seen.push(request);
    return answer();
  };
  return {
    seen,
    openapiFetch: createOpenapiClient(BASE, fetch, SDK_HEADERS) as unknown as AnyClient,
    subset: createFetchClient(BASE, fetch, SDK_HEADERS) as unknown as AnyClient,
  };
}

async function wire(request: Request) {
  return {
    method: request.method,
    url: request.url,
    headers: [...request.headers.entries()].sort(),
    body: await request.text(),
    redirect: request.redirect,
  };
}

// Every operation of the spec, plus the encodings a path or query value can need.
const CALLS: Array<[string, Method, string, Record<string, unknown> | undefined]> = [
  ["createPresignedUpload", "POST", "/v1/uploads/presign", { body: { filename: "Zoë's \"photo\".png", contentType: "image/png", size: 94, folder: "a/b", metadata: { owner: "ada" } } }],
  ["completeUpload", "POST", "/v1/uploads/complete", { body: { fileId: "clx_1" } }],
  ["listFiles, no params", "GET", "/v1/files", undefined],
  ["listFiles, limit and a cursor that needs encoding", "GET", "/v1/files", { params: { query: { limit: 10, cursor: "a b+c/d=e&f?g#h%ü" } } }],
  ["listFiles, undefined and null query values are left out", "GET", "/v1/files", { params: { query: { limit: undefined, cursor: null } } }],
  ["getFile", "GET", "/v1/files/{fileId}", { params: { path: { fileId: "clx_1" } } }],
  ["getFile, an id that needs encoding", "GET", "/v1/files/{fileId}", { params: { path: { fileId: "a b/c?d#é" } } }],
  ["deleteFile", "DELETE", "/v1/files/{fileId}", { params: { path: { fileId: "clx_1" } } }],
  ["getFileAccessUrl with expiresIn", "GET", "/v1/files/{fileId}/access-url", { params: { path: { fileId: "clx_1" }, query: { expiresIn: 600 } } }],
  ["getFileAccessUrl without", "GET", "/v1/files/{fileId}/access-url", { params: { path: { fileId: "clx_1" }, query: {} } }],
  ["caller headers are kept, the SDK's Authorization wins", "GET", "/v1/files", { headers: { "X-Trace": "t-1", Authorization: "Bearer other" } }],
  ["the caller may set Content-Type", "POST", "/v1/uploads/complete", { body: { fileId: "x" }, headers: { "Content-Type": "application/json; charset=utf-8" } }],
];

describe("fetch-client sends what openapi-fetch sends", () => {
  it.each(CALLS)("%s", async (_name, method, path, init) => {
    const { seen, openapiFetch, subset } = clients();
    await openapiFetch[method](path, init);
    await subset[method](path, init);
    expect(seen).toHaveLength(2);
    const [expected, actual] = await Promise.all(seen.map(wire));
    expect(actual).toEqual(expected);
  });

  it("passes the signal through", async () => {
    const { seen, openapiFetch, subset } = clients();
    const controller = new AbortController();
    await openapiFetch.GET("/v1/files", { signal: controller.signal });
    await subset.GET("/v1/files", { signal: controller.signal });
    controller.abort();
    expect(seen.map((r) => r.signal.aborted)).toEqual([true, true]);
  });
});

const body = (text: string, init: ResponseInit & { length?: boolean } = {}) => () => {
  const headers = new Headers(init.headers);
  if (init.length) headers.set("Content-Length", String(new TextEncoder().encode(text).byteLength));
  return new Response(text === "" && init.status === 204 ? null : text, { status: init.status ?? 200, headers });
};

// Every answer shape: with and without Content-Length, empty, 204, JSON and non-JSON failures.
const ANSWERS: Array<[string, () => Response]> = [
  ["200 JSON with Content-Length", body('{"fileId":"f","files":[1,2]}', { length: true })],
  ["200 JSON without Content-Length", body('{"fileId":"f"}')],
  ["201 JSON", body('{"a":1}', { status: 201 })],
  ["200 empty without Content-Length", body("")],
  ["200 Content-Length: 0", body("", { length: true })],
  ["204", body("", { status: 204 })],
  ["404 JSON error body", body('{"success":false,"error":"not_found","message":"No file"}', { status: 404, length: true })],
  ["502 HTML from a proxy", body("<html>Bad gateway</html>", { status: 502 })],
  ["400 Content-Length: 0", body("", { status: 400, length: true })],
  ["500 empty without Content-Length", body("", { status: 500 })],
];

describe("fetch-client reads answers as openapi-fetch does", () => {
  it.each(ANSWERS)("%s", async (_name, answer) => {
    const { openapiFetch, subset } = clients(answer);
    const read = async (c: AnyClient) => {
      const { data, error, response } = await c.GET("/v1/files");
      return { data, error, status: response.status, hasData: "data" in { data }, keys: Object.keys({ data, error }) };
    };
    expect(await read(subset)).toEqual(await read(openapiFetch));
  });

  it("a 2xx that is not JSON rejects in both, with the same error class", async () => {
    const { openapiFetch, subset } = clients(body("<html>login</html>", { length: true }));
    const failure = (c: AnyClient) => c.GET("/v1/files").then(() => "resolved", (e: unknown) => (e as Error).constructor.name);
    expect(await failure(subset)).toBe(await failure(openapiFetch));
    expect(await failure(subset)).toBe("SyntaxError");
  });

  it("is typed by the generated paths, like openapi-fetch", () => {
    const typed = createFetchClient(BASE, async () => Response.json({}), SDK_HEADERS);
    const reference = createClient<paths>({ baseUrl: BASE });
    // Compile-time checks: a wrong path or a missing path param does not type-check in either.
    // @ts-expect-error unknown path
    void (() => typed.GET("/v1/nope"));
    // @ts-expect-error unknown path
    void (() => reference.GET("/v1/nope"));
    // @ts-expect-error missing params.path.fileId
    void (() => typed.GET("/v1/files/{fileId}", {}));
    expect(typeof typed.GET).toBe("function");
  });
});
