import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { compositeSha256 } from "../src/api/checksums.js";
import { startDevServer, type DevServer } from "../src/index.js";
import { call, client, dev } from "./helpers/api.js";
import { download } from "./helpers/bytes.js";
import { caseBytes, checksumCases, partSums, sha256b64 } from "./helpers/checksums.js";
import { MiB, patternBuffer, putPart, range, sha256 } from "./helpers/multipart.js";

let server: DevServer;
let api: ReturnType<typeof client>;
const bin = { filename: "big.bin", contentType: "application/octet-stream" };
const BAD_DIGEST = "<Code>BadDigest</Code><Message>The SHA256 you specified did not match the calculated checksum.</Message>";
type Part = { partNumber: number; url: string; headers: Record<string, string> };

beforeAll(async () => {
  server = await startDevServer({ faults: true, plan: "pro" });
  api = client(server.baseUrl, server.apiKey);
});
afterAll(() => server?.stop());
beforeEach(() => dev(server.baseUrl, "/__dev/faults", undefined, "DELETE"));

const presignParts = (fileId: string, partNumbers: number[], checksums?: Record<string, unknown>) =>
  call(server.baseUrl, "presignUploadParts", "POST", `/v1/uploads/${fileId}/parts`, {
    key: server.apiKey,
    body: { partNumbers, ...(checksums ? { checksums } : {}) },
  });
const complete = (fileId: string, parts: unknown[]) =>
  call(server.baseUrl, "completeUpload", "POST", "/v1/uploads/complete", { key: server.apiKey, body: { fileId, parts } });

/** A created SHA256 upload of `data` in 5 MiB parts, every part presigned with its checksum. */
async function checksummedUpload(data: Buffer) {
  const { body: created } = await api.createMultipart({ ...bin, size: data.length, partSize: 5 * MiB, checksumAlgorithm: "SHA256" });
  const sums = partSums(data, 5 * MiB);
  const numbers = range(1, sums.length);
  const { body } = await presignParts(created.fileId, numbers, Object.fromEntries(numbers.map((n) => [n, sums[n - 1]])));
  const slice = (n: number) => data.subarray((n - 1) * 5 * MiB, n * 5 * MiB);
  return { created, sums, parts: body.parts as Part[], slice };
}

describe("S3's composite checksum", () => {
  it.each(checksumCases().map((c) => [c.name, c] as const))("matches spec/scenarios/checksums.json: %s", (_name, c) => {
    const data = caseBytes(c);
    expect(sha256b64(data)).toBe(c.expect.sha256);
    if (c.given.partSize === undefined) return;
    const sums = partSums(data, c.given.partSize);
    expect(sums).toEqual(c.expect.parts);
    expect(compositeSha256(sums)).toBe(c.expect.composite);
  });
});

describe("multipart upload with checksumAlgorithm SHA256", () => {
  it("echoes the algorithm, signs each part's checksum, lists it, and gives the file the scenario's composite", async () => {
    const c = checksumCases().find((x) => x.name.startsWith("12 MiB"))!;
    const data = caseBytes(c);
    const up = await checksummedUpload(data);
    expect(up.created.checksumAlgorithm).toBe("SHA256");
    for (const p of up.parts) {
      expect(p.headers).toEqual({ "x-amz-checksum-sha256": up.sums[p.partNumber - 1] });
      expect(new URL(p.url).searchParams.get("X-Amz-SignedHeaders")).toBe("host;x-amz-checksum-sha256");
    }
    const etags = await Promise.all(up.parts.map(async (p) => String((await putPart(p, up.slice(p.partNumber))).headers.etag)));
    const { body: listed } = await api.listParts(up.created.fileId);
    expect(listed.parts.map((p: { checksumSha256: string }) => p.checksumSha256)).toEqual(c.expect.parts);
    const parts = listed.parts.map((p: { partNumber: number; etag: string; checksumSha256: string }) => ({
      partNumber: p.partNumber,
      etag: p.etag,
      checksumSha256: p.checksumSha256,
    }));
    expect(parts.map((p: { etag: string }) => p.etag)).toEqual(etags);
    const done = await complete(up.created.fileId, parts);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ checksumSha256: c.expect.composite, partSize: 5 * MiB, size: data.length });
    expect((await api.get(up.created.fileId)).body).toMatchObject({ checksumSha256: c.expect.composite, partSize: 5 * MiB });
    expect((await download((await api.accessUrl(up.created.fileId)).body.url)).sha256).toBe(sha256(data));
  });

  it("without the algorithm: checksumAlgorithm null, part headers empty, checksums refused (422)", async () => {
    const { body: created } = await api.createMultipart({ ...bin, size: 10, partSize: 5 * MiB });
    expect(created.checksumAlgorithm).toBeNull();
    expect((await presignParts(created.fileId, [1])).body.parts[0].headers).toEqual({});
    const refused = await presignParts(created.fileId, [1], { "1": sha256b64(Buffer.alloc(10)) });
    expect([refused.status, refused.body.error]).toEqual([422, "validation_error"]);
    expect(refused.body.message).toMatch(/^checksums: this upload was created without checksumAlgorithm/);
  });

  it("presignUploadParts wants a checksum for every requested part and none for others (422 naming them)", async () => {
    const { body: created } = await api.createMultipart({ ...bin, size: 15 * MiB, partSize: 5 * MiB, checksumAlgorithm: "SHA256" });
    const s = sha256b64(Buffer.from("x"));
    const missing = await presignParts(created.fileId, [1, 2, 3], { "1": s });
    expect([missing.status, missing.body.message]).toEqual([422, expect.stringMatching(/^checksums: missing for parts 2, 3;/)]);
    const none = await presignParts(created.fileId, [2]);
    expect(none.body.message).toMatch(/^checksums: missing for part 2;/);
    const extra = await presignParts(created.fileId, [1], { "1": s, "3": s });
    expect(extra.body.message).toMatch(/^checksums: part 3 not in partNumbers/);
    const bad = await presignParts(created.fileId, [1], { "1": `${s.slice(0, 42)}B=` });
    expect([bad.status, bad.body.message], bad.body.message).toEqual([422, expect.stringMatching(/^checksums\.1: /)]);
  });

  it("a part whose bytes differ is refused with BadDigest and not recorded; a corrupted byte too; the retry passes", async () => {
    const data = await patternBuffer(10 * MiB, 3);
    const up = await checksummedUpload(data);
    const [p1, p2] = up.parts as [Part, Part];
    const wrong = await putPart(p1, up.slice(2));
    expect([wrong.status, wrong.body.toString()]).toEqual([400, expect.stringContaining(BAD_DIGEST)]);
    await dev(server.baseUrl, "/__dev/faults", { target: "store", operation: "put", part: 2, corruptByte: 5 * MiB - 1 });
    const corrupted = await putPart(p2, up.slice(2));
    expect([corrupted.status, corrupted.body.toString()]).toEqual([400, expect.stringContaining(BAD_DIGEST)]);
    expect((await api.listParts(up.created.fileId)).body.parts).toEqual([]);
    const without = await putPart({ ...p1, headers: {} }, up.slice(1));
    expect(without.status).toBe(403); // the checksum is a signed header
    const e1 = String((await putPart(p1, up.slice(1))).headers.etag);
    const e2 = String((await putPart(p2, up.slice(2))).headers.etag);
    const done = await complete(up.created.fileId, [
      { partNumber: 1, etag: e1, checksumSha256: up.sums[0] },
      { partNumber: 2, etag: e2, checksumSha256: up.sums[1] },
    ]);
    expect(done.body.checksumSha256).toBe(compositeSha256(up.sums));
  });

  it("completeUpload: a missing part checksum is 422, another one 409 checksum_mismatch naming the part", async () => {
    const data = await patternBuffer(10 * MiB, 4);
    const up = await checksummedUpload(data);
    const etags = await Promise.all(up.parts.map(async (p) => String((await putPart(p, up.slice(p.partNumber))).headers.etag)));
    const parts = etags.map((etag, i) => ({ partNumber: i + 1, etag, checksumSha256: up.sums[i] }));
    const missing = await complete(up.created.fileId, [parts[0], { partNumber: 2, etag: etags[1] }]);
    expect([missing.status, missing.body.error]).toEqual([422, "validation_error"]);
    expect(missing.body.message).toMatch(/^parts: checksumSha256 is required .* missing for part 2\./);
    const swapped = await complete(up.created.fileId, [parts[0], { ...parts[1], checksumSha256: up.sums[0] }]);
    expect([swapped.status, swapped.body.error]).toEqual([409, "checksum_mismatch"]);
    expect(swapped.body.message).toMatch(/^Part 2: checksumSha256 ".*" differs from the part's checksum \(storage holds ".*"\)/);
    expect((await complete(up.created.fileId, parts)).body.checksumSha256).toBe(compositeSha256(up.sums));
  });

  it("without the algorithm, a checksum given at complete must match too: storage holds none → 409", async () => {
    const { body: created } = await api.createMultipart({ ...bin, size: 10, partSize: 5 * MiB });
    const { body } = await presignParts(created.fileId, [1]);
    const etag = String((await putPart(body.parts[0], Buffer.alloc(10))).headers.etag);
    const res = await complete(created.fileId, [{ partNumber: 1, etag, checksumSha256: sha256b64(Buffer.alloc(10)) }]);
    expect([res.status, res.body.error]).toEqual([409, "checksum_mismatch"]);
    expect(res.body.message).toContain("storage holds it without a checksum");
    expect((await complete(created.fileId, [{ partNumber: 1, etag }])).body).toMatchObject({ checksumSha256: null, partSize: 5 * MiB });
  });
});
