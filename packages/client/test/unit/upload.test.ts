import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { AbortError, ConnectionError, Dilnaka, StorageError, ValidationError, type UploadProgress } from "../../src/index.js";
import { BASE, KEY, fakeFetch, json, wireFile } from "../helpers/fake-fetch.js";
import { sha256, startStorage } from "../helpers/storage.js";

let storage: Awaited<ReturnType<typeof startStorage>>;
let dir: string;
const bytes = new Uint8Array(5 * 1024 * 1024 + 7).map((_, i) => (i * 31) % 251);

beforeAll(async () => {
  storage = await startStorage();
  dir = mkdtempSync(join(tmpdir(), "dilnaka-upload-"));
  writeFileSync(join(dir, "report.txt"), bytes);
  writeFileSync(join(dir, "empty.bin"), new Uint8Array(0));
  mkdirSync(join(dir, "folder"));
});
afterAll(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  storage.received.length = 0;
  storage.script.length = 0;
});

/** A client whose API answers a presign (pointing at the local storage), then a complete (or the abort of a failed PUT). */
function setup(extra: Record<string, unknown> = {}, presignHeaders: Record<string, string> = { "Content-Type": "text/plain" }) {
  const f = fakeFetch([
    (req) => req.clone().json().then((b: { size: number; filename: string; contentType: string }) =>
      json(200, { fileId: "f_1", fileKey: `uploads/f_1-${b.filename}`, uploadUrl: `${storage.url}/bucket/f_1?X-Amz-Signature=abc`, expiresIn: 300, method: "PUT", headers: presignHeaders })),
    (req) => (req.method === "DELETE" ? json(200, { success: true, fileId: "f_1", aborted: true }) : json(200, wireFile("f_1"))),
  ]);
  const c = new Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: f.fetch, envFile: false, ...extra });
  return { c, ...f };
}

describe("upload: presign → PUT → complete on the wire", () => {
  it("a path: exact presign body, exactly the presign headers to storage (no Authorization), then complete", async () => {
    const { c, calls } = setup({}, { "Content-Type": "text/plain", "x-amz-meta-owner": "ada" });
    const file = await c.upload(join(dir, "report.txt"), { metadata: { owner: "ada" } });
    expect(file.id).toBe("f_1");
    expect(calls.map((r) => `${r.method} ${r.url}`)).toEqual([`POST ${BASE}/v1/uploads/presign`, `POST ${BASE}/v1/uploads/complete`]);
    expect(JSON.parse(calls[0]!.body)).toEqual({ filename: "report.txt", contentType: "text/plain", size: bytes.length, folder: "uploads", metadata: { owner: "ada" } });
    expect(JSON.parse(calls[1]!.body)).toEqual({ fileId: "f_1" });
    const put = storage.received[0]!;
    expect(put.method).toBe("PUT");
    expect(put.url).toBe("/bucket/f_1?X-Amz-Signature=abc");
    expect(Object.keys(put.headers).sort()).toEqual(["connection", "content-length", "content-type", "host", "x-amz-meta-owner"]);
    expect(put.headers["content-length"]).toBe(String(bytes.length));
    expect(put.sha256).toBe(sha256(bytes));
  });

  const sources: Array<[string, () => unknown, Record<string, unknown>]> = [
    ["Buffer", () => Buffer.from(bytes), { filename: "b.bin" }],
    ["Uint8Array", () => bytes, { filename: "u.bin" }],
    ["ArrayBuffer", () => bytes.slice().buffer, { filename: "a.bin" }],
    ["File (name and type from the File)", () => new File([bytes], "f.png", { type: "image/png" }), {}],
    ["web ReadableStream without size (ends within the first part: one PUT)", () => new Blob([bytes]).stream(), { filename: "w.bin" }],
    ["web ReadableStream with size", () => new Blob([bytes]).stream(), { filename: "w.bin", size: bytes.length }],
    ["Node Readable without size (ends within the first part: one PUT)", () => Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]), { filename: "n.bin" }],
    ["Node Readable with size", () => Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]), { filename: "n.bin", size: bytes.length }],
  ];
  it.each(sources)("%s arrives byte for byte", async (_name, source, options) => {
    const { c, calls } = setup();
    await c.upload(source() as never, options);
    const presigned = JSON.parse(calls[0]!.body);
    expect(presigned.size).toBe(bytes.length);
    if (_name.startsWith("File")) expect(presigned).toMatchObject({ filename: "f.png", contentType: "image/png" });
    expect(storage.received[0]!.sha256).toBe(sha256(bytes));
  });

  it("a 0-byte file: Content-Length 0 and progress 0/0 at 100 %", async () => {
    const { c } = setup();
    const events: UploadProgress[] = [];
    await c.upload(join(dir, "empty.bin"), { onProgress: (p) => events.push(p) });
    expect(storage.received[0]!.headers["content-length"]).toBe("0");
    expect(events.at(-1)).toEqual({ loaded: 0, total: 0, percentage: 100 });
  });

  it("progress is monotonic, throttled and ends with loaded === total", async () => {
    const { c } = setup();
    const events: UploadProgress[] = [];
    await c.upload(join(dir, "report.txt"), { onProgress: (p) => events.push({ ...p }) });
    expect(events.length).toBeGreaterThan(1);
    expect(events.length).toBeLessThanOrEqual(Math.ceil(bytes.length / 65536) + 1);
    for (let i = 1; i < events.length; i++) expect(events[i]!.loaded).toBeGreaterThan(events[i - 1]!.loaded);
    expect(events.at(-1)).toEqual({ loaded: bytes.length, total: bytes.length, percentage: 100 });
  });
});

describe("upload: storage failures", () => {
  it("503 then 200: the PUT alone is retried (after Retry-After), presign and complete run once", async () => {
    storage.script.push({ status: 503, headers: { "retry-after": "0" }, body: "<Error><Code>SlowDown</Code></Error>" });
    const { c, calls } = setup();
    const events: UploadProgress[] = [];
    await c.upload(join(dir, "report.txt"), { onProgress: (p) => events.push({ ...p }) });
    expect(storage.received).toHaveLength(2);
    expect(storage.received[1]!.sha256).toBe(sha256(bytes));
    expect(calls).toHaveLength(2);
    for (let i = 1; i < events.length; i++) expect(events[i]!.loaded).toBeGreaterThan(events[i - 1]!.loaded);
  });

  it("a reset connection is retried", async () => {
    storage.script.push({ reset: true });
    const { c } = setup();
    await c.upload(join(dir, "report.txt"));
    expect(storage.received.at(-1)!.sha256).toBe(sha256(bytes));
  });

  it("an expired URL (403 AccessDenied) → StorageError with the fix, no retry, no complete", async () => {
    storage.script.push({ status: 403, early: true, body: "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>" });
    const { c, calls } = setup();
    const error = (await c.upload(join(dir, "report.txt")).catch((e: unknown) => e)) as StorageError;
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ status: 403, code: "AccessDenied", fileId: "f_1" });
    expect(error.hint).toMatch(/expired.*upload\(\) again/);
    expect(storage.received).toHaveLength(1);
    // Abandoned, so no pending file lingers; never completed.
    expect(calls.map((r) => `${r.method} ${r.url}`)).toEqual([`POST ${BASE}/v1/uploads/presign`, `DELETE ${BASE}/v1/uploads/f_1`]);
  });

  it("a one-shot stream is not retried, and the error says why", async () => {
    storage.script.push({ status: 503, headers: { "retry-after": "0" } });
    const { c, calls } = setup();
    const error = (await c.upload(Readable.from([bytes]), { filename: "s.bin", size: bytes.length }).catch((e: unknown) => e)) as StorageError;
    expect(error).toBeInstanceOf(StorageError);
    expect(error.message).toMatch(/not retried: a one-shot stream/);
    expect(error.hint).toMatch(/file path, bytes or a Blob/);
    expect(calls.map((r) => r.method)).toEqual(["POST", "DELETE"]);
  });

  it("aborting mid-PUT rejects with AbortError and never completes", async () => {
    storage.script.push({ stallMs: 5000 });
    const { c, calls } = setup();
    const controller = new AbortController();
    const done = c.upload(join(dir, "report.txt"), { signal: controller.signal, onProgress: (p) => p.loaded > 0 && controller.abort() });
    await expect(done).rejects.toBeInstanceOf(AbortError);
    expect(calls.map((r) => `${r.method} ${r.url}`)).toEqual([`POST ${BASE}/v1/uploads/presign`, `DELETE ${BASE}/v1/uploads/f_1`]);
    // The aborted PUT may reach the server after we gave up on it: let it land before the next test.
    await vi.waitFor(() => expect(storage.received).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 50));
    expect(storage.received[0]!.complete).toBe(false);
  });

  it("a PUT that stalls longer than timeout fails with a retried TimeoutError", async () => {
    storage.script.push({ stallMs: 3000 }, { stallMs: 3000 });
    const { c } = setup({ timeout: 300, maxRetries: 1 });
    const error = await c.upload(join(dir, "report.txt")).catch((e: unknown) => e);
    expect((error as Error).name).toBe("TimeoutError");
    expect(storage.received).toHaveLength(2);
  });

  it("an unreachable storage host → ConnectionError carrying the fileId", async () => {
    const f = fakeFetch([json(200, { fileId: "f_2", fileKey: "k", uploadUrl: "http://127.0.0.1:1/x", expiresIn: 300, method: "PUT", headers: {} })]);
    const c = new Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: f.fetch, envFile: false, maxRetries: 0 });
    const error = (await c.upload(bytes, { filename: "x" }).catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.fileId).toBe("f_2");
  });
});

describe("upload: bad input fails before any network call", () => {
  const isRoot = process.getuid?.() === 0;
  const cases: Array<[string, () => [unknown, unknown?], string]> = [
    ["missing path", () => [join(dir, "nope.txt")], "source"],
    ["empty path", () => [""], "source"],
    ["a directory", () => [join(dir, "folder")], "source"],
    ["unsupported source", () => [42], "source"],
    ["bytes without filename", () => [bytes], "filename"],
    ["unknown option", () => [join(dir, "report.txt"), { folderName: "x" }], "folderName"],
    ["folder with ..", () => [join(dir, "report.txt"), { folder: "a/../b" }], "folder"],
    ["folder starting with /", () => [join(dir, "report.txt"), { folder: "/abs" }], "folder"],
    ["metadata not strings", () => [join(dir, "report.txt"), { metadata: { n: 1 } }], "metadata"],
    ["bad content type", () => [join(dir, "report.txt"), { contentType: "text" }], "contentType"],
    ["size that disagrees with the file", () => [join(dir, "report.txt"), { size: 3 }], "size"],
    ["negative size", () => [Readable.from([]), { filename: "x", size: -1 }], "size"],
    ["onProgress not a function", () => [join(dir, "report.txt"), { onProgress: true }], "onProgress"],
  ];
  it.each(cases)("%s → ValidationError naming the field", async (_n, args, field) => {
    const { c, calls } = setup();
    const [source, options] = args();
    const error = (await c.upload(source as never, options as never).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe(field);
    expect(calls).toHaveLength(0);
    expect(storage.received).toHaveLength(0);
  });

  // Also covered in test/e2e/package.e2e.test.ts, as an unprivileged user when the tests run as root.
  it.skipIf(isRoot)("an unreadable file → ValidationError", async () => {
    const path = join(dir, "secret.txt");
    writeFileSync(path, "x");
    chmodSync(path, 0o000);
    const { c, calls } = setup();
    await expect(c.upload(path)).rejects.toThrow(/not readable/);
    expect(calls).toHaveLength(0);
  });

  it("an already aborted signal → AbortError, no request", async () => {
    const { c, calls } = setup();
    await expect(c.upload(join(dir, "report.txt"), { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(calls).toHaveLength(0);
  });
});
