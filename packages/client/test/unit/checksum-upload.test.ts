// SHA-256 on upload (spec/scenarios/README.md, "Checksum conventions") through the real client,
// the API behind an injected fetch that signs checksums as the backend does (the header in the
// presign answer), the bytes PUT to a real local HTTP storage that can refuse them as S3 does.

import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as nodeSdk from "../../src/index.js";
import * as browserSdk from "../../src/browser.js";
import { BASE, KEY, json } from "../helpers/fake-fetch.js";
import { fakeBackend } from "../helpers/fake-backend.js";
import { startStorage } from "../helpers/storage.js";

const MiB = 1024 * 1024;
const small = new TextEncoder().encode("hello, dilnaka\n");
const big = new Uint8Array(11 * MiB + 3).map((_, i) => (i * 13) % 251);
const b64 = (b: Uint8Array) => createHash("sha256").update(b).digest("base64");
const BAD_DIGEST = "<Error><Code>BadDigest</Code><Message>The sha256 you specified did not match the calculated checksum.</Message></Error>";
let storage: Awaited<ReturnType<typeof startStorage>>;
let dir: string;

beforeAll(async () => {
  storage = await startStorage();
  dir = mkdtempSync(join(tmpdir(), "dilnaka-checksum-"));
  writeFileSync(join(dir, "small.txt"), small);
  writeFileSync(join(dir, "big.bin"), big);
});
afterAll(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  storage.received.length = 0;
  storage.script.length = 0;
});

/** A backend that signs checksums: the presign answers carry x-amz-checksum-sha256, multipart echoes SHA256. */
function signingBackend(answers: Parameters<typeof fakeBackend>[1] = {}) {
  return fakeBackend(storage.url, answers, {
    createPresignedUpload: (b) =>
      json(200, {
        fileId: "f_1", fileKey: "k", uploadUrl: `${storage.url}/bucket/f_1`, expiresIn: 300, method: "PUT",
        headers: { "Content-Type": b.contentType, ...(b.checksumSha256 && { "x-amz-checksum-sha256": b.checksumSha256 }) },
      }),
    createMultipartUpload: (b) =>
      json(200, { fileId: "f_1", fileKey: "k", uploadId: "u_1", partSize: b.partSize, partCount: Math.ceil(b.size / b.partSize), expiresIn: 86400, checksumAlgorithm: b.checksumAlgorithm ?? null }),
    presignUploadParts: (b, id) =>
      json(200, {
        parts: b.partNumbers.map((n: number) => ({
          partNumber: n, url: `${storage.url}/bucket/${id}?partNumber=${n}&uploadId=u`, method: "PUT", expiresIn: 3600,
          headers: b.checksums?.[n] ? { "x-amz-checksum-sha256": b.checksums[n] } : {},
        })),
      }),
  });
}

const bodies = (backend: ReturnType<typeof fakeBackend>, op: string) => backend.seen.filter((s) => s.operation === op).map((s) => s.body);
const caught = (p: Promise<unknown>) => p.then(() => expect.unreachable("expected an error"), (e: nodeSdk.DilnakaError) => e);

describe.each([["node", nodeSdk], ["browser", browserSdk]] as const)("%s entry", (_entry, sdk) => {
  const client = (backend: ReturnType<typeof fakeBackend>) => new sdk.Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: backend.fetch, envFile: false } as never);

  it("bytes and Blobs in one PUT always carry their SHA-256, and the PUT sends the signed header", async () => {
    const backend = signingBackend();
    await client(backend).upload(small, { filename: "a.txt" });
    await client(backend).upload(new Blob([small]), { filename: "b.txt" });
    expect(bodies(backend, "createPresignedUpload").map((b) => b.checksumSha256)).toEqual([b64(small), b64(small)]);
    expect(storage.received.map((r) => r.headers["x-amz-checksum-sha256"])).toEqual([b64(small), b64(small)]);
  });

  it("checksum: false sends none", async () => {
    const backend = signingBackend();
    await client(backend).upload(small, { filename: "a.txt", checksum: false });
    expect(bodies(backend, "createPresignedUpload")[0]).not.toHaveProperty("checksumSha256");
    expect(storage.received[0]!.headers).not.toHaveProperty("x-amz-checksum-sha256");
    expect(await caught(client(backend).upload(small, { filename: "a.txt", checksum: "md5" as never }))).toMatchObject({ field: "checksum" });
  });

  it("parts are hashed, presigned with their digests (at most `concurrency` per call), completed with them", async () => {
    const backend = signingBackend();
    await client(backend).upload(new Blob([big]), { filename: "big.bin", multipartThreshold: 0, partSize: 5 * MiB, concurrency: 2 });
    expect(bodies(backend, "createMultipartUpload")[0].checksumAlgorithm).toBe("SHA256");
    const want = [0, 1, 2].map((i) => b64(big.subarray(i * 5 * MiB, (i + 1) * 5 * MiB)));
    const presigns = bodies(backend, "presignUploadParts");
    expect(presigns.every((b) => b.partNumbers.length <= 2 && b.partNumbers.every((n: number) => b.checksums[n] === want[n - 1]))).toBe(true);
    expect(presigns.flatMap((b) => b.partNumbers).sort()).toEqual([1, 2, 3]);
    expect(bodies(backend, "completeUpload")[0].parts).toEqual(want.map((c, i) => ({ partNumber: i + 1, etag: `"etag-${i + 1}"`, checksumSha256: c })));
    const sent = storage.received.map((r) => [Number(new URL(r.url, "http://x").searchParams.get("partNumber")), r.headers["x-amz-checksum-sha256"]]);
    expect(sent.sort()).toEqual(want.map((c, i) => [i + 1, c]));
  });

  it("storage's BadDigest on bytes is an IntegrityError at once (the same bytes would fail again); the upload is abandoned", async () => {
    storage.script.push({ status: 400, body: BAD_DIGEST });
    const backend = signingBackend();
    const error = await caught(client(backend).upload(small, { filename: "a.txt" }));
    expect(error).toBeInstanceOf(sdk.IntegrityError);
    expect(error).toBeInstanceOf(sdk.StorageError);
    expect(error).toMatchObject({ status: 400, code: "BadDigest", fileId: "f_1" });
    expect(error.hint).toMatch(/upload it again/);
    expect(storage.received).toHaveLength(1);
    expect(backend.operations()).toContain("abortUpload");
  });

  it("a part refused with XAmzContentChecksumMismatch fails the upload with an IntegrityError and aborts it", async () => {
    storage.script.push({ part: 2, status: 400, body: "<Error><Code>XAmzContentChecksumMismatch</Code></Error>" });
    const backend = signingBackend();
    const error = await caught(client(backend).upload(new Blob([big]), { filename: "big.bin", multipartThreshold: 0, partSize: 5 * MiB }));
    expect(error).toBeInstanceOf(sdk.IntegrityError);
    expect(backend.operations()).toContain("abortUpload");
    expect(backend.operations()).not.toContain("completeUpload");
  });
});

describe("Node sources", () => {
  const client = (backend: ReturnType<typeof fakeBackend>) => new nodeSdk.Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: backend.fetch, envFile: false });

  it('a file in one PUT is hashed only with checksum: "sha256" (a pre-pass)', async () => {
    const backend = signingBackend();
    await client(backend).upload(join(dir, "small.txt"));
    await client(backend).upload(join(dir, "small.txt"), { checksum: "sha256" });
    expect(bodies(backend, "createPresignedUpload").map((b) => b.checksumSha256)).toEqual([undefined, b64(small)]);
  });

  it('a stream of known size with checksum: "sha256" is spooled, hashed, then sent', async () => {
    const backend = signingBackend();
    await client(backend).upload(Readable.from([small.subarray(0, 5), small.subarray(5)]), { filename: "s.txt", size: small.byteLength, checksum: "sha256" });
    expect(bodies(backend, "createPresignedUpload")[0].checksumSha256).toBe(b64(small));
    expect(storage.received[0]!.sha256).toBe(createHash("sha256").update(small).digest("hex"));
  });

  it("file parts are hashed from their ranges", async () => {
    const backend = signingBackend();
    await client(backend).upload(join(dir, "big.bin"), { multipartThreshold: 0, partSize: 5 * MiB });
    const parts = bodies(backend, "completeUpload")[0].parts.map((p: { checksumSha256: string }) => p.checksumSha256);
    expect(parts).toEqual([0, 1, 2].map((i) => b64(big.subarray(i * 5 * MiB, (i + 1) * 5 * MiB))));
  });

  it("a file refused with BadDigest is read and sent once more", async () => {
    storage.script.push({ status: 400, body: BAD_DIGEST });
    const backend = signingBackend();
    const file = await client(backend).upload(join(dir, "small.txt"), { checksum: "sha256" });
    expect(file.id).toBe("f_1");
    expect(storage.received).toHaveLength(2);
    storage.received.length = 0;
    storage.script.push({ status: 400, body: BAD_DIGEST }, { status: 400, body: BAD_DIGEST });
    expect(await caught(client(signingBackend()).upload(join(dir, "small.txt"), { checksum: "sha256" }))).toBeInstanceOf(nodeSdk.IntegrityError);
    expect(storage.received).toHaveLength(2);
  });

  it("resume takes the stored parts' checksums from listUploadParts for complete", async () => {
    const first = b64(big.subarray(0, 5 * MiB));
    const listed = { fileId: "f_9", uploadId: "u_9", partSize: 5 * MiB, partCount: 3, size: big.byteLength, parts: [{ partNumber: 1, etag: '"e1"', size: 5 * MiB, checksumSha256: first }] };
    const backend = signingBackend({ listUploadParts: [() => json(200, listed)] });
    await client(backend).resumeUpload("f_9", join(dir, "big.bin"));
    const parts = bodies(backend, "completeUpload")[0].parts;
    expect(parts[0]).toEqual({ partNumber: 1, etag: '"e1"', checksumSha256: first });
    expect(parts.map((p: { checksumSha256: string }) => p.checksumSha256)).toEqual([0, 1, 2].map((i) => b64(big.subarray(i * 5 * MiB, (i + 1) * 5 * MiB))));
    expect(storage.received).toHaveLength(2);
  });
});
