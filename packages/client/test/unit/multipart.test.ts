// Multipart uploads through the real client (Node and browser entries), with the API behind an
// injected fetch (test/helpers/fake-backend.ts) and the parts PUT to a real local HTTP storage.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { Dilnaka as NodeDilnaka, AbortError, InternalServerError, StorageError, ValidationError, type StreamUploadProgress } from "../../src/index.js";
import { Dilnaka as BrowserDilnaka } from "../../src/browser.js";
import { BASE, KEY, json } from "../helpers/fake-fetch.js";
import { fakeBackend } from "../helpers/fake-backend.js";
import { sha256, startStorage } from "../helpers/storage.js";

const MiB = 1024 * 1024;
const PARTS = { multipartThreshold: 0, partSize: 5 * MiB };
const bytes = new Uint8Array(12 * MiB + 5).map((_, i) => (i * 7) % 253);
let storage: Awaited<ReturnType<typeof startStorage>>;
let dir: string;

beforeAll(async () => {
  storage = await startStorage([], { keepBodies: true });
  dir = mkdtempSync(join(tmpdir(), "dilnaka-mp-unit-"));
  writeFileSync(join(dir, "a.bin"), bytes);
});
afterAll(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  storage.received.length = 0;
  storage.script.length = 0;
  storage.load.max = 0;
});

const partOf = (url: string) => Number(new URL(url, "http://x").searchParams.get("partNumber"));
/** The bytes storage received, reassembled by part number (the last PUT of each part wins). */
const assembled = () => {
  const parts = new Map(storage.received.filter((r) => r.complete).map((r) => [partOf(r.url), r.body!]));
  return Buffer.concat([...parts].sort(([a], [b]) => a - b).map(([, body]) => body));
};

describe.each([["node", NodeDilnaka], ["browser", BrowserDilnaka]] as const)("%s entry", (_entry, Dilnaka) => {
  const setup = (answers: Parameters<typeof fakeBackend>[1] = {}, options: Record<string, unknown> = {}) => {
    const backend = fakeBackend(storage.url, answers);
    return { backend, c: new Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: backend.fetch, envFile: false, ...options } as never) };
  };

  it("parts of a Blob: create → one batch of presigns → parts (≤ concurrency at once) → complete with every ETag", async () => {
    const { backend, c } = setup();
    const file = await c.upload(new Blob([bytes]), { ...PARTS, concurrency: 2, filename: "a.bin" });
    expect(file.id).toBe("f_1");
    expect(backend.operations()).toEqual(["createMultipartUpload", "presignUploadParts", "completeUpload"]);
    const [create, presign, complete] = backend.seen.filter((s) => s.operation !== "put").map((s) => s.body);
    // Checksums asked for; this backend answers no checksumAlgorithm, so the parts carry none.
    expect(create).toEqual({ filename: "a.bin", contentType: "application/octet-stream", size: bytes.length, folder: "uploads", partSize: 5 * MiB, checksumAlgorithm: "SHA256" });
    expect(presign).toEqual({ partNumbers: [1, 2, 3] });
    expect(complete).toEqual({ fileId: "f_1", parts: [1, 2, 3].map((n) => ({ partNumber: n, etag: `"etag-${n}"` })) });
    expect(storage.load.max).toBe(2);
    expect(sha256(assembled())).toBe(sha256(bytes));
    // No Authorization header goes to storage.
    expect(storage.received.every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it("progress: one monotonic stream for all parts, a retried part not counted twice, ending at loaded === total", async () => {
    storage.script.push({ part: 2, reset: true, afterBytes: 2 * MiB });
    const { c } = setup();
    const events: StreamUploadProgress[] = [];
    await c.upload(bytes, { ...PARTS, filename: "a.bin", onProgress: (p) => events.push({ ...p }) });
    expect(storage.received.filter((r) => partOf(r.url) === 2)).toHaveLength(2);
    for (let i = 1; i < events.length; i++) expect(events[i]!.loaded).toBeGreaterThan(events[i - 1]!.loaded);
    expect(events.every((e) => e.loaded <= bytes.length && e.total === bytes.length)).toBe(true);
    expect(events.at(-1)).toEqual({ loaded: bytes.length, total: bytes.length, percentage: 100 });
  });

  it("one part failing for good stops the others and aborts the upload: StorageError with fileId, no complete", async () => {
    storage.script.push({ part: 1, status: 400, body: "<Error><Code>InvalidArgument</Code></Error>" });
    const { backend, c } = setup();
    const error = (await c.upload(bytes, { ...PARTS, concurrency: 1, filename: "a.bin" }).catch((e: unknown) => e)) as StorageError;
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ status: 400, code: "InvalidArgument", fileId: "f_1" });
    expect(backend.operations()).toEqual(["createMultipartUpload", "presignUploadParts", "abortUpload"]);
    expect(storage.received.map((r) => partOf(r.url))).toEqual([1]); // no part started after the failure
  });

  it("the signal aborts the parts in flight, then abortUpload; never completes", async () => {
    storage.script.push({ part: 1, stallMs: 5000 }, { part: 2, stallMs: 5000 });
    const { backend, c } = setup();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = (await c.upload(bytes, { ...PARTS, filename: "a.bin", signal: controller.signal }).catch((e: unknown) => e)) as AbortError;
    expect(error).toBeInstanceOf(AbortError);
    expect(error.fileId).toBe("f_1");
    expect(backend.operations()).toEqual(["createMultipartUpload", "presignUploadParts", "abortUpload"]);
  });

  it("a failed complete keeps the parts (no abort) and says how to finish", async () => {
    const failing = () => json(503, { success: false, error: "service_unavailable", message: "Down." }, { "retry-after": "0" });
    const { backend, c } = setup({ completeUpload: [failing, failing] }, { maxRetries: 1 });
    const error = (await c.upload(bytes, { ...PARTS, filename: "a.bin" }).catch((e: unknown) => e)) as InternalServerError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.fileId).toBe("f_1");
    expect(error.message).toContain('completeUpload("f_1", { parts })');
    expect(backend.operations()).not.toContain("abortUpload");
  });

  it("a stored part without an ETag (storage CORS not exposing it) → StorageError with the fix", async () => {
    storage.script.push({ part: 1, status: 200, headers: { etag: "" } });
    const { c } = setup();
    const error = (await c.upload(new Uint8Array(10), { ...PARTS, filename: "a.bin" }).catch((e: unknown) => e)) as StorageError;
    expect(error).toMatchObject({ code: "missing_etag", fileId: "f_1" });
    expect(error.hint).toMatch(/ExposeHeaders: ETag/);
  });

  it("resumeUpload: lists the stored parts, sends the others, completes with storage's ETags for the rest", async () => {
    const listed = { fileId: "f_9", uploadId: "u", partSize: 5 * MiB, partCount: 3, size: bytes.length, parts: [{ partNumber: 2, etag: '"s2"', size: 5 * MiB }] };
    const { backend, c } = setup({ listUploadParts: [() => json(200, listed)] });
    await c.resumeUpload("f_9", new Blob([bytes]));
    expect(storage.received.map((r) => partOf(r.url)).sort()).toEqual([1, 3]);
    expect(backend.seen.find((s) => s.operation === "completeUpload")!.body.parts.map((p: { etag: string }) => p.etag)).toEqual(['"etag-1"', '"s2"', '"etag-3"']);
  });

  it("resumeUpload of bytes of another size → ValidationError, nothing sent", async () => {
    const listed = { fileId: "f_9", uploadId: "u", partSize: 5 * MiB, partCount: 3, size: 99, parts: [] };
    const { c } = setup({ listUploadParts: [() => json(200, listed)] });
    await expect(c.resumeUpload("f_9", bytes)).rejects.toMatchObject({ field: "source" });
    expect(storage.received).toHaveLength(0);
  });

  it("the lower-level steps validate before any request", async () => {
    const { backend, c } = setup();
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => c.presignUploadParts("f_1", []), "partNumbers"],
      [() => c.presignUploadParts("f_1", [0]), "partNumbers"],
      [() => c.completeUpload("f_1", { parts: [{ partNumber: 1, etag: "" }] }), "parts"],
      [() => c.createMultipartUpload({ filename: "a", size: 1 } as never), "contentType"],
      [() => c.createMultipartUpload({ filename: "a", contentType: "a/b", partSize: 1024 }), "partSize"],
      [() => c.abortUpload(""), "fileId"],
      [() => c.listFilesPage({ status: "gone" as never }), "status"],
      [() => c.upload(bytes, { filename: "a.bin", resume: true }), "resume"],
      [() => c.upload(bytes, { filename: "a.bin", concurrency: 0 }), "concurrency"],
    ];
    for (const [call, field] of cases) {
      const error = (await call().catch((e: unknown) => e)) as ValidationError;
      expect(error, field).toBeInstanceOf(ValidationError);
      expect(error.field).toBe(field);
    }
    expect(backend.seen).toHaveLength(0);
  });

  it("listFiles sends status", async () => {
    const { backend, c } = setup();
    await c.listFilesPage({ status: "pending" });
    expect(new URL(backend.seen[0]!.url).searchParams.get("status")).toBe("pending");
  });
});

describe("Node only: streams and resume", () => {
  const setup = (answers: Parameters<typeof fakeBackend>[1] = {}) => {
    const backend = fakeBackend(storage.url, answers);
    return { backend, c: new NodeDilnaka({ apiKey: KEY, baseURL: BASE, fetch: backend.fetch, envFile: false }) };
  };
  const chunks = () => Readable.from((function* () {
    for (let i = 0; i < bytes.length; i += 100_000) yield bytes.subarray(i, i + 100_000);
  })());

  it("of unknown size: create without size, parts as they arrive, progress total unknown until the end", async () => {
    const { backend, c } = setup();
    const events: StreamUploadProgress[] = [];
    await c.upload(chunks(), { ...PARTS, filename: "s.bin", onProgress: (p) => events.push({ ...p }) });
    const create = backend.seen.find((s) => s.operation === "createMultipartUpload")!.body;
    expect(create).not.toHaveProperty("size");
    expect(sha256(assembled())).toBe(sha256(bytes));
    expect(events.slice(0, -1).every((e) => e.total === undefined && e.percentage === undefined)).toBe(true);
    expect(events.at(-1)).toEqual({ loaded: bytes.length, total: bytes.length, percentage: 100 });
  });

  it("with a size that is wrong → ValidationError, the upload aborted", async () => {
    const { backend, c } = setup();
    const error = await c.upload(chunks(), { ...PARTS, filename: "s.bin", size: bytes.length + 1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ field: "size", fileId: "f_1" });
    expect(backend.operations().at(-1)).toBe("abortUpload");
  });

  it("a part of a stream is retried (its bytes are kept until stored)", async () => {
    storage.script.push({ part: 2, status: 503, headers: { "retry-after": "0" } });
    const { c } = setup();
    await c.upload(chunks(), { ...PARTS, filename: "s.bin" });
    expect(storage.received.filter((r) => partOf(r.url) === 2)).toHaveLength(2);
    expect(sha256(assembled())).toBe(sha256(bytes));
  });

  it("of unknown size on a backend without multipart: spooled, then one PUT", async () => {
    const { backend, c } = setup({ createMultipartUpload: [() => json(404, { success: false, error: "not_found", message: "No route." })] });
    await c.upload(chunks(), { ...PARTS, filename: "s.bin" });
    expect(backend.operations()).toEqual(["createMultipartUpload", "createPresignedUpload", "completeUpload"]);
    expect(backend.seen[1]!.body.size).toBe(bytes.length);
    expect(storage.received.map((r) => [r.bytes, r.sha256])).toEqual([[bytes.length, sha256(bytes)]]);
  });

  it("the resume state's mtimeMs is floor(nanoseconds / 10^6), as the Python and PHP SDKs compute it", async () => {
    const path = join(dir, "ns.bin");
    writeFileSync(path, bytes);
    // 0.999999 ms past a millisecond: a float mtimeMs (…124.0) would round up and look changed.
    execFileSync("touch", ["-m", "-d", "@1764758400.123999999", path]);
    const stateDir = mkdtempSync(join(dir, "state-"));
    const key = createHash("sha256").update(`v1\n${BASE}\n${path}\nuploads\nns.bin`).digest("hex");
    mkdirSync(join(stateDir, "uploads"));
    const header = { version: 1, baseURL: BASE, fileId: "f_7", uploadId: "u_7", fileKey: "k", partSize: 5 * MiB, partCount: 3, size: bytes.length,
      filename: "ns.bin", contentType: "application/octet-stream", folder: "uploads", source: { path, size: bytes.length, mtimeMs: 1764758400123 }, createdAt: "2026-12-03T09:00:00.000Z" };
    writeFileSync(join(stateDir, "uploads", `${key}.jsonl`), `${JSON.stringify(header)}\n`);
    const listed = { fileId: "f_7", uploadId: "u_7", partSize: 5 * MiB, partCount: 3, size: bytes.length, parts: [] };
    const { backend, c } = setup({ listUploadParts: [() => json(200, listed)] });
    await c.upload(path, { ...PARTS, resume: true, stateDir });
    // Resumed (no new upload, no abort). With no part stored, the list cannot tell whether the upload
    // has checksums, so its parts are hashed and presigned as they are hashed (several calls).
    expect([...new Set(backend.operations())]).toEqual(["listUploadParts", "presignUploadParts", "completeUpload"]);
  });

  it("a file path is sent as file ranges, byte for byte", async () => {
    const { c } = setup();
    await c.upload(join(dir, "a.bin"), PARTS);
    expect(storage.received.map((r) => r.bytes).sort((a, b) => a - b)).toEqual([2 * MiB + 5, 5 * MiB, 5 * MiB]);
    expect(sha256(assembled())).toBe(sha256(bytes));
  });
});
