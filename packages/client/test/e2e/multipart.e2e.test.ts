// Multipart uploads end to end against the dev server (real API, real S3-compatible store that
// enforces S3's part rules): every source kind in 5 MiB parts with the same SHA-256 back, part
// faults recovered, expired part URLs presigned again, abort leaving nothing, a stream of unknown
// size in bounded memory, and the fallback to one PUT on a backend without multipart.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { startDevServer, type DevServer } from "@dilnaka/dev-server";
import { AbortError, Dilnaka, NotFoundError, type StreamUploadProgress } from "../../src/index.js";
import { devServer, partPuts, sha256OfUrl } from "../helpers/dev-server.js";

const MiB = 1024 * 1024;
const server = devServer();
const client = server.client();
const PARTS = { multipartThreshold: 8 * MiB, partSize: 5 * MiB, concurrency: 3 };
const bytes = randomBytes(23 * MiB + 17); // 5 parts, the last 3 MiB + 17 bytes
const sha = createHash("sha256").update(bytes).digest("hex");
let dir: string;
let path: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "dilnaka-mp-e2e-"));
  path = join(dir, "video.bin");
  writeFileSync(path, bytes);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await server.clear();
  await server.clearStoreRequests();
});

async function expectStored(fileId: string, want = { sha256: sha, bytes: bytes.length }) {
  const access = await client.getFileAccessUrl(fileId);
  expect(await sha256OfUrl(access.url)).toEqual(want);
}

/** Chunks of `bytes` as a stream that does not say its length. */
const unknownLength = (data: Buffer, chunk = 64 * 1024) =>
  Readable.from((function* () {
    for (let i = 0; i < data.length; i += chunk) yield data.subarray(i, i + chunk);
  })());

describe("a 23 MiB source in 5 MiB parts arrives intact", () => {
  const sources: Array<[string, () => unknown, object]> = [
    ["a path", () => path, {}],
    ["a Buffer", () => bytes, { filename: "buffer.bin" }],
    ["a Blob", () => new Blob([bytes]), { filename: "blob.bin" }],
    ["a stream of unknown size", () => unknownLength(bytes), { filename: "stream.bin" }],
  ];
  it.each(sources)("%s", async (_name, source, options) => {
    const file = await client.upload(source() as never, { ...PARTS, ...options });
    expect(file).toMatchObject({ status: "uploaded", size: bytes.length });
    // It really went in parts: five distinct part numbers, each stored once.
    const puts = partPuts(await server.storeRequests(), file.key);
    expect(puts.map((p) => [p.partNumber, p.status]).sort()).toEqual([[1, 200], [2, 200], [3, 200], [4, 200], [5, 200]]);
    expect(puts.map((p) => p.bytes).sort((a, b) => a - b)).toEqual([3 * MiB + 17, 5 * MiB, 5 * MiB, 5 * MiB, 5 * MiB]);
    await expectStored(file.id);
  });
});

describe("part faults are recovered, progress stays monotonic and counts each byte once", () => {
  it("part 2 answers 503 twice, part 4 is reset after 1 MiB", async () => {
    await server.arm([
      { target: "store", operation: "put", part: 2, status: 503, times: 2, retryAfter: 0 },
      { target: "store", operation: "put", part: 4, resetAfterBytes: MiB, times: 1 },
    ]);
    const events: StreamUploadProgress[] = [];
    const file = await client.upload(path, { ...PARTS, onProgress: (p) => events.push({ ...p }) });
    expect(await server.pendingFaults()).toEqual([]);
    const puts = partPuts(await server.storeRequests(), file.key);
    expect(puts.filter((p) => p.partNumber === 2).map((p) => p.status)).toEqual([503, 503, 200]);
    expect(puts.filter((p) => p.partNumber === 4).map((p) => p.status)).toEqual([null, 200]);
    for (let i = 1; i < events.length; i++) expect(events[i]!.loaded).toBeGreaterThan(events[i - 1]!.loaded);
    expect(events.every((e) => e.total === bytes.length && e.loaded <= bytes.length)).toBe(true);
    expect(events.at(-1)).toEqual({ loaded: bytes.length, total: bytes.length, percentage: 100 });
    await expectStored(file.id);
  });

  it("expired part URLs (storage answers 403) are presigned again", async () => {
    await server.arm({ target: "api", operation: "presignUploadParts", expireUrl: true, times: 1 });
    const batched = await client.upload(bytes, { ...PARTS, concurrency: 1, filename: "late.bin", checksum: false });
    let puts = partPuts(await server.storeRequests(), batched.key);
    // Without checksums the first batch held all five URLs, all expired: each part was refused once, then presigned alone.
    expect(puts.filter((p) => p.status === 403).map((p) => p.partNumber).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(puts.filter((p) => p.status === 200)).toHaveLength(5);
    await expectStored(batched.id);
    // With checksums (the default) a part is presigned once hashed, so the expired answer held part 1 only.
    await server.arm({ target: "api", operation: "presignUploadParts", expireUrl: true, times: 1 });
    const hashed = await client.upload(bytes, { ...PARTS, concurrency: 1, filename: "late2.bin" });
    puts = partPuts(await server.storeRequests(), hashed.key);
    expect(puts.filter((p) => p.status === 403).map((p) => p.partNumber)).toEqual([1]);
    expect(puts.filter((p) => p.status === 200)).toHaveLength(5);
    await expectStored(hashed.id);
  });
});

describe("abort", () => {
  it("mid-upload: AbortError with the fileId, then no part, no pending file, no completed file", async () => {
    const controller = new AbortController();
    const error = (await client
      .upload(path, { ...PARTS, filename: "aborted.bin", signal: controller.signal, onProgress: (p) => p.loaded > 16 * MiB && controller.abort() })
      .catch((e: unknown) => e)) as AbortError;
    expect(error).toBeInstanceOf(AbortError);
    expect(error.fileId).toMatch(/\w/);
    await expect(client.listUploadParts(error.fileId!)).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.getFile(error.fileId!)).rejects.toBeInstanceOf(NotFoundError);
    for await (const f of client.listFiles({ status: "all" })) expect(f.id).not.toBe(error.fileId);
    // Past 16 MiB with 3 parts of 5 MiB in flight, some part was stored before the abort, and is gone.
    const puts = (await server.storeRequests()).filter((r) => r.partNumber !== null);
    expect(puts.some((p) => p.status === 200)).toBe(true);
  });
});

describe("a stream of unknown size", () => {
  it("is read at most `concurrency` parts ahead of what the store has taken", async () => {
    const data = randomBytes(40 * MiB);
    // Part 2 is held 3 s by the store: a reader without a bound would run ahead meanwhile.
    await server.arm({ target: "store", operation: "put", part: 2, delayMs: 3000, times: 1 });
    let pulled = 0;
    let loaded = 0;
    let maxAhead = 0;
    const source = Readable.from((function* () {
      for (let i = 0; i < data.length; i += 64 * 1024) {
        pulled += 64 * 1024;
        maxAhead = Math.max(maxAhead, pulled - loaded);
        yield data.subarray(i, i + 64 * 1024);
      }
    })());
    const file = await client.upload(source, { partSize: 5 * MiB, concurrency: 2, filename: "stream.bin", onProgress: (p) => (loaded = p.loaded) });
    expect(file.size).toBe(data.length);
    // Two part buffers, plus what the stream machinery reads ahead (16 chunks) and one progress step.
    expect(maxAhead).toBeLessThanOrEqual(2 * 5 * MiB + 2 * MiB);
    expect(maxAhead).toBeGreaterThan(5 * MiB); // it did read ahead while part 2 was held
    await expectStored(file.id, { sha256: createHash("sha256").update(data).digest("hex"), bytes: data.length });
  });

  it("that ends within the first part is one PUT", async () => {
    const small = randomBytes(3 * MiB);
    const file = await client.upload(unknownLength(small), { ...PARTS, multipartThreshold: 0, filename: "short.bin" });
    const puts = (await server.storeRequests()).filter((r) => r.method === "PUT" && r.key === file.key);
    expect(puts.map((p) => [p.partNumber, p.bytes])).toEqual([[null, small.length]]);
  });
});

describe("a backend without multipart (dev server with multipart: false)", () => {
  let plain: DevServer;
  beforeAll(async () => {
    plain = await startDevServer({ multipart: false });
  }, 60_000);
  afterAll(() => plain?.stop());

  it.each([
    ["a path", () => path],
    ["a stream of unknown size (spooled to a temp file for its one PUT)", () => unknownLength(bytes)],
  ])("%s falls back to one PUT", async (_name, source) => {
    const c = new Dilnaka({ apiKey: plain.apiKey, baseURL: plain.baseUrl, envFile: false });
    const file = await c.upload(source() as never, { ...PARTS, filename: "fallback.bin" });
    expect(file).toMatchObject({ status: "uploaded", size: bytes.length });
    const access = await c.getFileAccessUrl(file.id);
    expect(await sha256OfUrl(access.url)).toEqual({ sha256: sha, bytes: bytes.length });
  });
});
