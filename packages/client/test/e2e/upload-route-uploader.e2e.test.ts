// The key-less uploader (src/browser-uploader.ts) in Node (fetch for the PUT: no XHR here) against
// handleUpload mounted on Node's http with toNodeHandler, on the dev server: one PUT, multipart
// with part URLs through the route, the route's refusals as typed errors, and an abort or a failed
// PUT that leaves no pending upload behind.
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upload } from "../../src/browser.js";
import { AbortError, PermissionDeniedError, StorageError, ValidationError } from "../../src/index.js";
import { devServer, partPuts, sha256OfUrl } from "../helpers/dev-server.js";
import { routeOn, serveRoute } from "../helpers/upload-route.js";

/** The route's own message, then the SDK's hint (the error message rule of spec/scenarios/README.md). */
const routeMessage = (text: string) => expect.stringMatching(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}( Hint: .+)?$`));

const server = devServer();
const MiB = 1024 * 1024;
const seen: Array<{ csrf: string | null; clientPayload: string | null }> = [];
const { route, calls, client, violations } = routeOn(server, {
  onBeforeUpload: ({ contentType, clientPayload, request }) => {
    seen.push({ csrf: request.headers.get("x-csrf-token"), clientPayload });
    if (clientPayload === "guest") throw new Error("Sign in to upload.");
    return { allowedContentTypes: ["image/png", "application/octet-stream"], maxSize: 32 * MiB, folder: "uploader", multipartThreshold: 8 * MiB, partSize: 5 * MiB, metadata: { type: contentType } };
  },
});
let app: { url: string; server: Server };
beforeAll(async () => {
  app = await serveRoute(route);
});
afterAll(() => app?.server.close());
const pending = async () => (await client.listFilesPage({ status: "pending", limit: 1000 })).files.map((f) => f.id);

describe("upload(file, { handleUploadUrl }) in Node through toNodeHandler", () => {
  it("one PUT: the route's headers go to the route, the file comes back typed, progress ends at the total", async () => {
    const bytes = randomBytes(300 * 1024);
    const progress: number[] = [];
    seen.length = 0;
    const file = await upload(new File([bytes], "pic.png", { type: "image/png" }), {
      handleUploadUrl: app.url,
      clientPayload: '{"album":"a1"}',
      headers: { "x-csrf-token": "csrf-1" },
      onProgress: ({ loaded }) => progress.push(loaded),
    });
    expect(file).toMatchObject({ status: "uploaded", size: bytes.length, contentType: "image/png", originalName: "pic.png", metadata: { type: "image/png" } });
    expect(file.key).toMatch(/^uploader\//);
    expect(seen).toEqual([{ csrf: "csrf-1", clientPayload: '{"album":"a1"}' }]);
    expect(progress.at(-1)).toBe(bytes.length);
    expect((await sha256OfUrl((await client.getFileAccessUrl(file.id)).url)).bytes).toBe(bytes.length);
    await client.deleteFile(file.id);
  });

  it("12 MiB over the route's 8 MiB threshold: 5 MiB parts, URLs presigned through the route, complete with the parts", async () => {
    const bytes = randomBytes(12 * MiB + 3);
    await server.clearStoreRequests();
    calls.length = 0;
    const progress: number[] = [];
    const file = await upload(bytes, { handleUploadUrl: app.url, filename: "clip.bin", onProgress: ({ loaded }) => progress.push(loaded) });
    expect(file).toMatchObject({ status: "uploaded", size: bytes.length, contentType: "application/octet-stream" });
    const puts = partPuts(await server.storeRequests(), file.key);
    expect(puts.map((p) => [p.partNumber, p.status, p.bytes]).sort()).toEqual([[1, 200, 5 * MiB], [2, 200, 5 * MiB], [3, 200, 2 * MiB + 3]]);
    expect(calls).toEqual(["POST /v1/uploads/multipart", "POST /v1/uploads/" + file.id + "/parts", "GET /v1/files/" + file.id, "POST /v1/uploads/complete"]);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(bytes.length);
    await client.deleteFile(file.id);
  });

  it("the route's refusals are typed errors with its message: 413/415 ValidationError, 403 PermissionDeniedError", async () => {
    const tooBig = await upload(new Uint8Array(33 * MiB), { handleUploadUrl: app.url, filename: "big.bin" }).catch((e) => e);
    expect(tooBig).toBeInstanceOf(ValidationError);
    expect(tooBig).toMatchObject({ status: 413, code: "file_too_large", field: "size", message: routeMessage("big.bin is 33.0 MiB; this route accepts at most 32.0 MiB.") });
    const wrongType = await upload(new Blob(["x"], { type: "text/html" }), { handleUploadUrl: app.url, filename: "x.html" }).catch((e) => e);
    expect(wrongType).toBeInstanceOf(ValidationError);
    expect(wrongType).toMatchObject({ status: 415, code: "content_type_refused", field: "contentType" });
    const guest = await upload(new Uint8Array(1), { handleUploadUrl: app.url, filename: "a.bin", clientPayload: "guest" }).catch((e) => e);
    expect(guest).toBeInstanceOf(PermissionDeniedError);
    expect(guest).toMatchObject({ status: 403, code: "upload_refused", message: routeMessage("Sign in to upload."), hint: expect.any(String) });
  });

  it("an abort mid-multipart aborts the upload through the route: AbortError, nothing pending", async () => {
    const before = await pending();
    const controller = new AbortController();
    const error = await upload(randomBytes(12 * MiB), { handleUploadUrl: app.url, filename: "cut.bin", signal: controller.signal, onProgress: () => controller.abort() }).catch((e) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(error.fileId).toEqual(expect.any(String));
    expect(await pending()).toEqual(before);
    await expect(client.getFile(error.fileId)).rejects.toMatchObject({ status: 404 });
  });

  it("a PUT storage keeps refusing fails with StorageError after retries and aborts through the route", async () => {
    const before = await pending();
    await server.arm({ target: "store", operation: "put", status: 503, times: 10 });
    try {
      const error = await upload(new Uint8Array(1024), { handleUploadUrl: app.url, filename: "s.bin", maxRetries: 1 }).catch((e) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect(error).toMatchObject({ status: 503, fileId: expect.any(String) });
      expect(await pending()).toEqual(before);
    } finally {
      await server.clear();
    }
  });

  it("a refusal at complete keeps the route's own message (one PUT and multipart): token_expired", async () => {
    const short = routeOn(server, { onBeforeUpload: () => ({ multipartThreshold: 8 * MiB, partSize: 5 * MiB }), tokenTtl: 1 });
    const shortApp = await serveRoute(short.route);
    // The page's fetch holds the complete step until the 1 s token has expired.
    const slowComplete: typeof fetch = async (input, init) => {
      if (input instanceof Request && (await input.clone().text()).includes('"type":"complete"')) await new Promise((r) => setTimeout(r, 2100));
      return fetch(input, init);
    };
    try {
      for (const size of [1000, 9 * MiB]) {
        const error = await upload(new Uint8Array(size), { handleUploadUrl: shortApp.url, filename: "late.bin", fetch: slowComplete }).catch((e) => e);
        expect(error).toBeInstanceOf(PermissionDeniedError);
        expect(error).toMatchObject({ status: 403, code: "token_expired", message: routeMessage("The completion token expired; upload the file again.") });
      }
    } finally {
      shortApp.server.close();
    }
    expect(short.violations).toEqual([]);
  });

  it("refuses bad options before any request", async () => {
    calls.length = 0;
    await expect(upload(new Uint8Array(1), { filename: "a" } as never)).rejects.toMatchObject({ name: "ValidationError", field: "handleUploadUrl" });
    await expect(upload(new Uint8Array(1), { handleUploadUrl: app.url, filename: "a", apiKey: "x" } as never)).rejects.toMatchObject({ field: "apiKey" });
    await expect(upload(new Uint8Array(1), { handleUploadUrl: app.url })).rejects.toMatchObject({ field: "filename" });
    expect(calls).toEqual([]);
  });
});

describe("spec/upload-route.yaml", () => {
  it("every request and answer of the tests above matched the spec's schemas", () => {
    expect(violations).toEqual([]);
  });
});
