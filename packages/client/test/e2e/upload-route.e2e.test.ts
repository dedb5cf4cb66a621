// handleUpload against the dev server: real presigns, real PUTs to its store, real completes. A
// policy refusal reaches no Dilnaka API at all (the route's client logs every call it makes, and
// no pending file appears); a forged, expired, replayed or other file's token gets 403.
import { createHash, randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createUploadRoute, handleUpload, signToken, hmacKey, ValidationError } from "../../src/server/index.js";
import type { DilnakaFile } from "../../src/index.js";
import { devServer } from "../helpers/dev-server.js";
import { putTo, routeOn, SECRET } from "../helpers/upload-route.js";

const server = devServer();
const MiB = 1024 * 1024;
const completed: Array<{ file: DilnakaFile; clientPayload: string | null }> = [];
const { step, calls, client, violations } = routeOn(server, {
  onBeforeUpload: ({ contentType, clientPayload, request }) => {
    if (clientPayload === "refuse-by-throwing") throw new Error("Only members may upload here.");
    if (clientPayload === "refuse-by-answer") return { refuse: "Albums are full." };
    return {
      allowedContentTypes: ["image/*", "text/plain", "application/octet-stream"],
      maxSize: 20 * MiB,
      folder: "route-tests",
      metadata: { via: "route", host: new URL(request.url).host, type: contentType },
      multipartThreshold: 8 * MiB,
      partSize: 5 * MiB,
    };
  },
  onUploadCompleted: (file, { clientPayload }) => void completed.push({ file, clientPayload }),
});
const pendingIds = async () => (await client.listFilesPage({ status: "pending", limit: 1000 })).files.map((f) => f.id);
const presign = (fields: object = {}) => step({ type: "presign", filename: "a.txt", contentType: "text/plain", size: 5, ...fields });
const toDelete: string[] = [];
afterAll(async () => {
  await Promise.all(toDelete.map((id) => client.deleteFile(id).catch(() => {})));
});

describe("handleUpload: one PUT", () => {
  it("presigns after the policy, the page PUTs straight to storage, complete answers the file and runs onUploadCompleted once", async () => {
    completed.length = 0;
    const presigned = await presign({ clientPayload: '{"albumId":"a1"}' });
    expect(presigned.status).toBe(200);
    expect(presigned.body).toMatchObject({ type: "presign", fileId: expect.any(String), multipart: null, upload: { method: "PUT", url: expect.stringMatching(/^http/) } });
    expect(presigned.body.token).toMatch(/^v1\.[\w-]+\.[\w-]+$/);
    // The URL's lifetime (the dev server's 300 s) bounds the token's.
    expect(presigned.body.tokenExpiresAt - Date.now() / 1000).toBeGreaterThan(290);
    expect(presigned.body.tokenExpiresAt - Date.now() / 1000).toBeLessThanOrEqual(presigned.body.upload.expiresIn);
    expect(presigned.headers.get("cache-control")).toBe("no-store");
    const { fileId, token, upload } = presigned.body;
    toDelete.push(fileId);
    expect(upload.url).not.toContain(server.apiKey);
    expect((await putTo(upload, new TextEncoder().encode("hello"))).status).toBe(200);

    const done = await step({ type: "complete", fileId, token });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ type: "complete", file: { fileId, status: "uploaded", size: 5, contentType: "text/plain", originalName: "a.txt" } });
    expect(done.body.file.key).toMatch(/^route-tests\//);
    expect(done.body.file.metadata).toEqual({ via: "route", host: "app.test", type: "text/plain" });
    expect(completed).toEqual([{ file: expect.objectContaining({ id: fileId, status: "uploaded" }), clientPayload: '{"albumId":"a1"}' }]);
    expect((await client.getFile(fileId)).status).toBe("uploaded");
  });

  it("a replayed token gets 403 token_used and onUploadCompleted does not run again; abort with it leaves the file", async () => {
    const { body } = await presign();
    toDelete.push(body.fileId);
    await putTo(body.upload, new TextEncoder().encode("hello"));
    completed.length = 0;
    expect((await step({ type: "complete", fileId: body.fileId, token: body.token })).status).toBe(200);
    const replay = await step({ type: "complete", fileId: body.fileId, token: body.token });
    expect(replay).toMatchObject({ status: 403, body: { success: false, error: "token_used", message: expect.stringMatching(/already completed/) } });
    const abort = await step({ type: "abort", fileId: body.fileId, token: body.token });
    expect(abort).toMatchObject({ status: 403, body: { error: "token_used" } });
    expect(completed).toHaveLength(1);
    expect((await client.getFile(body.fileId)).status).toBe("uploaded");
  });

  it("a token for another file cannot complete or abort it (403 token_mismatch); that file stays pending", async () => {
    const a = (await presign()).body;
    const b = (await presign()).body;
    toDelete.push(a.fileId, b.fileId);
    await putTo(b.upload, new TextEncoder().encode("hello"));
    for (const type of ["complete", "abort"]) {
      expect(await step({ type, fileId: b.fileId, token: a.token })).toMatchObject({ status: 403, body: { error: "token_mismatch" } });
    }
    expect((await client.getFile(b.fileId)).status).toBe("pending");
  });

  it("a forged token (changed payload, another secret, junk) gets 403 token_invalid", async () => {
    const { body } = await presign();
    toDelete.push(body.fileId);
    const [, payload, signature] = body.token.split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const longer = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 86_400 })).toString("base64url");
    const forged = [
      `v1.${longer}.${signature}`,
      await signToken(await hmacKey("another-secret-another-secret-12345"), claims),
      "v1.abc.def",
      "not-a-token",
    ];
    for (const token of forged) {
      expect(await step({ type: "complete", fileId: body.fileId, token }), token).toMatchObject({ status: 403, body: { error: "token_invalid" } });
    }
    expect((await client.getFile(body.fileId)).status).toBe("pending");
  });

  it("an expired token gets 403 token_expired (tokenTtl: 1 s)", async () => {
    const short = routeOn(server, { onBeforeUpload: () => ({}), tokenTtl: 1 });
    const { body } = await short.step({ type: "presign", filename: "e.txt", contentType: "text/plain", size: 5 });
    toDelete.push(body.fileId);
    await putTo(body.upload, new TextEncoder().encode("hello"));
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await short.step({ type: "complete", fileId: body.fileId, token: body.token })).toMatchObject({
      status: 403,
      body: { error: "token_expired", message: expect.stringMatching(/expired/) },
    });
  });

  it("a checksumSha256 from the page is signed into the URL: storage refuses other bytes", async () => {
    const sha = (text: string) => createHash("sha256").update(text).digest("base64");
    const { body } = await presign({ checksumSha256: sha("hello") });
    toDelete.push(body.fileId);
    expect(body.upload.headers).toMatchObject({ "x-amz-checksum-sha256": sha("hello") });
    expect((await putTo(body.upload, new TextEncoder().encode("hellO"))).status).toBe(400);
    expect((await putTo(body.upload, new TextEncoder().encode("hello"))).status).toBe(200);
    expect(await step({ type: "complete", fileId: body.fileId, token: body.token })).toMatchObject({ status: 200, body: { file: { checksumSha256: sha("hello") } } });
  });

  it("abort through the route frees the pending upload", async () => {
    const { body } = await presign();
    expect(await step({ type: "abort", fileId: body.fileId, token: body.token })).toMatchObject({ status: 200, body: { type: "abort", fileId: body.fileId, aborted: true } });
    await expect(client.getFile(body.fileId)).rejects.toMatchObject({ status: 404 });
  });
});

describe("handleUpload: the policy refuses before anything is presigned", () => {
  it.each([
    ["a size over maxSize", { size: 20 * MiB + 1 }, 413, "file_too_large", /at most 20\.0 MiB/],
    ["a refused content type", { contentType: "video/mp4", filename: "v.mp4" }, 415, "content_type_refused", /video\/mp4 is not accepted here; allowed are image\/\*/],
    ["a thrown refusal", { clientPayload: "refuse-by-throwing" }, 403, "upload_refused", /^Only members may upload here\.$/],
    ["a returned refusal", { clientPayload: "refuse-by-answer" }, 403, "upload_refused", /^Albums are full\.$/],
  ])("%s → %i %s, and the dev server saw no call at all", async (_what, fields, status, error, message) => {
    const before = await pendingIds();
    calls.length = 0;
    const refused = await presign(fields);
    expect(refused).toMatchObject({ status, body: { success: false, error, message: expect.stringMatching(message) } });
    expect(calls).toEqual([]);
    expect(await pendingIds()).toEqual(before);
  });

  it("a Dilnaka API refusal passes through with its status and code (the dev server's free-plan file limit: 413)", async () => {
    const open = routeOn(server, { onBeforeUpload: () => ({}) });
    const refused = await open.step({ type: "presign", filename: "huge.bin", contentType: "application/octet-stream", size: 2 * 1024 * MiB, clientPayload: null });
    expect(refused).toMatchObject({ status: 413, body: { success: false, error: "file_too_large", message: "Files on the free plan are limited to 1 GB." } });
    expect(JSON.stringify(refused.body)).not.toContain(server.apiKey);
  });
});

describe("handleUpload: multipart above the policy's threshold", () => {
  it("creates a multipart upload, presigns parts through the route, completes with the parts", async () => {
    const size = 12 * MiB + 5;
    const bytes = randomBytes(size);
    const presigned = await presign({ filename: "big.bin", contentType: "application/octet-stream", size });
    expect(presigned.body).toMatchObject({ upload: null, multipart: { partSize: 5 * MiB, partCount: 3 } });
    const { fileId, token } = presigned.body;
    toDelete.push(fileId);
    // One hour at most for a single PUT; 24 h by default for multipart.
    expect(presigned.body.tokenExpiresAt - Date.now() / 1000).toBeGreaterThan(86_000);
    const urls = await step({ type: "presignParts", fileId, token, partNumbers: [1, 2, 3] });
    expect(urls).toMatchObject({ status: 200, body: { type: "presignParts", parts: [{ partNumber: 1, method: "PUT" }, { partNumber: 2 }, { partNumber: 3 }] } });
    const parts = [];
    for (const part of urls.body.parts) {
      const start = (part.partNumber - 1) * 5 * MiB;
      const { status, etag } = await putTo(part, bytes.subarray(start, start + 5 * MiB));
      expect(status).toBe(200);
      parts.push({ partNumber: part.partNumber, etag });
    }
    expect(await step({ type: "complete", fileId, token })).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    const done = await step({ type: "complete", fileId, token, parts });
    expect(done).toMatchObject({ status: 200, body: { file: { fileId, status: "uploaded", size } } });
    expect(await step({ type: "presignParts", fileId, token, partNumbers: [1] })).toMatchObject({ status: 403, body: { error: "token_used" } });
  });

  it("a single-PUT token presigns no parts (400), and complete refuses parts for it (400)", async () => {
    const { body } = await presign();
    toDelete.push(body.fileId);
    expect(await step({ type: "presignParts", fileId: body.fileId, token: body.token, partNumbers: [1] })).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    expect(await step({ type: "complete", fileId: body.fileId, token: body.token, parts: [{ partNumber: 1, etag: '"x"' }] })).toMatchObject({ status: 400 });
  });
});

describe("handleUpload: failures inside the route", () => {
  it("an onUploadCompleted that throws: 500 upload_callback_failed for the page, the error to onError; the file is stored", async () => {
    const errors: unknown[] = [];
    const failing = routeOn(server, {
      onBeforeUpload: () => ({}),
      onUploadCompleted: () => {
        throw new Error("database down");
      },
      onError: (error) => void errors.push(error),
    });
    const { body } = await failing.step({ type: "presign", filename: "c.txt", contentType: "text/plain", size: 5 });
    toDelete.push(body.fileId);
    await putTo(body.upload, new TextEncoder().encode("hello"));
    const done = await failing.step({ type: "complete", fileId: body.fileId, token: body.token });
    expect(done).toMatchObject({ status: 500, body: { success: false, error: "upload_callback_failed", message: expect.not.stringContaining("database") } });
    expect(errors).toEqual([new Error("database down")]);
    expect((await client.getFile(body.fileId)).status).toBe("uploaded");
  });

  it("a policy the client refuses (a folder with ..): 500 internal_error naming nothing, the ValidationError to onError, nothing presigned", async () => {
    const errors: unknown[] = [];
    const bad = routeOn(server, { onBeforeUpload: () => ({ folder: "../escape" }), onError: (error) => void errors.push(error) });
    const answer = await bad.step({ type: "presign", filename: "c.txt", contentType: "text/plain", size: 5 });
    expect(answer).toMatchObject({ status: 500, body: { error: "internal_error", message: "The upload route failed; try again later." } });
    expect(errors).toEqual([expect.objectContaining({ name: "ValidationError", field: "folder" })]);
    expect(bad.calls).toEqual([]);
  });
});

describe("handleUpload: the request itself", () => {
  it("answers 405 with Allow: POST to any other method", async () => {
    const route = createUploadRoute({ client: { apiKey: server.apiKey, baseURL: server.baseUrl }, tokenSecret: SECRET, onBeforeUpload: () => ({}) });
    for (const method of ["GET", "PUT", "DELETE", "OPTIONS"]) {
      const response = await route(new Request("http://app.test/api/upload", { method }));
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
      expect(await response.json()).toEqual({ success: false, error: "method_not_allowed", message: "The upload route only answers POST." });
    }
  });

  it.each([
    ["no JSON content type", { headers: { "content-type": "text/plain" }, body: '{"type":"presign"}' }, /Content-Type: application\/json/],
    ["not JSON", { body: "{" }, /not valid JSON/],
    ["an unknown step", { body: '{"type":"delete"}' }, /`type` must be one of/],
    ["a fractional size", { body: '{"type":"presign","filename":"a","contentType":"text/plain","size":1.5}' }, /`size` must be a whole number/],
    ["no filename", { body: '{"type":"presign","contentType":"text/plain","size":1}' }, /`filename`/],
    ["repeated part numbers", { body: '{"type":"presignParts","fileId":"f","token":"t","partNumbers":[1,1]}' }, /distinct/],
    ["a complete without token", { body: '{"type":"complete","fileId":"f"}' }, /`token`/],
  ])("%s → 400 invalid_request naming it", async (_what, init, message) => {
    const response = await step({}, init);
    expect(response).toMatchObject({ status: 400, body: { success: false, error: "invalid_request", message: expect.stringMatching(message) } });
  });

  it("refuses bad options with ValidationError: a short secret, no policy", async () => {
    const base = { client: { apiKey: server.apiKey, baseURL: server.baseUrl }, onBeforeUpload: () => ({}) };
    expect(() => createUploadRoute({ ...base, tokenSecret: "short" })).toThrow(ValidationError);
    expect(() => createUploadRoute({ ...base, tokenSecret: "x".repeat(31) })).toThrow(/at least 32 bytes/);
    expect(() => createUploadRoute({ ...base, tokenSecret: new Uint8Array(16) })).toThrow(/got 16/);
    expect(() => createUploadRoute({ ...base, onBeforeUpload: undefined as never, tokenSecret: SECRET })).toThrow(/onBeforeUpload is required/);
    await expect(handleUpload(new Request("http://app.test/"), { ...base, tokenSecret: "short" })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("spec/upload-route.yaml", () => {
  it("every request and answer of the tests above matched the spec's schemas", () => {
    expect(violations).toEqual([]);
  });
});
