import http from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../src/index.js";
import { client, dev } from "./helpers/api.js";
import { download, patternStream, rawPut } from "./helpers/bytes.js";
import { MiB, patternBuffer, putPart, sha256 } from "./helpers/multipart.js";

let server: DevServer;
let api: ReturnType<typeof client>;
let data: Buffer;
const bin = { filename: "f.bin", contentType: "application/octet-stream" };

beforeAll(async () => {
  server = await startDevServer({ faults: true, plan: "pro" });
  api = client(server.baseUrl, server.apiKey);
  data = await patternBuffer(12 * MiB, 31);
});
afterAll(() => server?.stop());
beforeEach(() => dev(server.baseUrl, "/__dev/faults", undefined, "DELETE"));

type Part = { partNumber: number; url: string; headers: Record<string, string> };
const slice = (n: number) => data.subarray((n - 1) * 5 * MiB, n * 5 * MiB);

async function newUpload(): Promise<{ fileId: string; uploadId: string; parts: Part[] }> {
  const { body: created } = await api.createMultipart({ ...bin, size: data.length, partSize: 5 * MiB });
  const { body: presigned } = await api.presignParts(created.fileId, [1, 2, 3]);
  return { fileId: created.fileId, uploadId: created.uploadId, parts: presigned.parts };
}

const storeRequests = async () => (await dev(server.baseUrl, "/__dev/store-requests", undefined, "GET")).requests;

describe("store faults aimed at one part", () => {
  it("503 on part 2 only: parts 1 and 3 pass, part 2 fails once, then its retry passes", async () => {
    const up = await newUpload();
    await dev(server.baseUrl, "/__dev/faults", { target: "store", operation: "put", part: 2, status: 503, times: 1 });
    const [p1, p2, p3] = up.parts as [Part, Part, Part];
    expect((await putPart(p1, slice(1))).status).toBe(200);
    expect((await putPart(p3, slice(3))).status).toBe(200);
    expect((await dev(server.baseUrl, "/__dev/faults", undefined, "GET")).armed).toEqual([
      expect.objectContaining({ part: 2, status: 503, times: 1 }),
    ]);
    const failed = await putPart(p2, slice(2));
    expect(failed.status).toBe(503);
    expect(failed.headers["retry-after"]).toBe("1");
    expect(failed.body.toString()).toContain("<Code>SlowDown</Code>");
    const retried = await putPart(p2, slice(2));
    expect(retried.status).toBe(200);
    const { body: listed } = await api.listParts(up.fileId);
    expect(listed.parts.map((p: { partNumber: number }) => p.partNumber)).toEqual([1, 2, 3]);
    const done = await api.completeParts(up.fileId, listed.parts.map((p: { partNumber: number; etag: string }) => ({ partNumber: p.partNumber, etag: p.etag })));
    expect((await download((await api.accessUrl(done.body.fileId)).body.url)).sha256).toBe(sha256(data));
  });

  it("resetAfterBytes drops the connection mid-part; the ledger keeps nothing of it and the retry passes", async () => {
    const up = await newUpload();
    await dev(server.baseUrl, "/__dev/store-requests", undefined, "DELETE");
    await dev(server.baseUrl, "/__dev/faults", { target: "store", operation: "put", part: 1, resetAfterBytes: MiB });
    await expect(putPart(up.parts[0]!, slice(1))).rejects.toThrow();
    const [reset] = await storeRequests();
    expect(reset).toMatchObject({ method: "PUT", uploadId: up.uploadId, partNumber: 1, status: null });
    expect(reset.bytes).toBeGreaterThanOrEqual(MiB);
    expect(reset.bytes).toBeLessThan(5 * MiB);
    expect((await api.listParts(up.fileId)).body.parts).toEqual([]);
    const retried = await putPart(up.parts[0]!, slice(1));
    expect(retried.status).toBe(200);
    expect((await api.listParts(up.fileId)).body.parts).toEqual([{ partNumber: 1, etag: retried.headers.etag, size: 5 * MiB, checksumSha256: null }]);
  });

  it("the X-Dilnaka-Fault header takes part=<n> and reset-after=<n> (store and API)", async () => {
    const up = await newUpload();
    const header = { "X-Dilnaka-Fault": "part=2;status=500" };
    expect((await putPart(up.parts[0]!, slice(1), header)).status).toBe(200);
    expect((await putPart(up.parts[1]!, slice(2), header)).status).toBe(500);
    await expect(putPart(up.parts[2]!, slice(3), { "X-Dilnaka-Fault": "reset-after=1000" })).rejects.toThrow();
    await expect(
      fetch(`${server.baseUrl}/v1/uploads/multipart`, {
        method: "POST",
        headers: { Authorization: `Bearer ${server.apiKey}`, "X-Dilnaka-Fault": "reset-after=10" },
        body: JSON.stringify({ ...bin, size: 10 }),
      }),
    ).rejects.toThrow();
    const bad = await api.list("", { "X-Dilnaka-Fault": "part=0;status=500" });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("part needs an integer between 1 and 10000");
  });

  it("expireUrl on presignUploadParts hands out part URLs storage rejects; presigning again works", async () => {
    const { body: created } = await api.createMultipart({ ...bin, size: 10 });
    await dev(server.baseUrl, "/__dev/faults", { target: "api", operation: "presignUploadParts", expireUrl: true });
    const expired = (await api.presignParts(created.fileId, [1])).body.parts[0];
    const put = await putPart(expired, Buffer.alloc(10));
    expect(put.status).toBe(403);
    expect(put.body.toString()).toMatch(/expired/i);
    expect((await putPart((await api.presignParts(created.fileId, [1])).body.parts[0], Buffer.alloc(10))).status).toBe(200);
  });
});

describe("a part PUT that fails mid-body", () => {
  it("leaves the part stored before intact, as S3 does (parts are received beside it, then renamed)", async () => {
    const up = await newUpload();
    const first = await putPart(up.parts[0]!, slice(1));
    expect(first.status).toBe(200);
    // Again, but the client dies after 1 MiB.
    await new Promise<void>((resolve) => {
      const req = http.request(up.parts[0]!.url, { method: "PUT", headers: { "Content-Length": String(5 * MiB) } });
      req.on("error", () => resolve());
      req.write(slice(1).subarray(0, MiB));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 400);
    });
    await new Promise((r) => setTimeout(r, 200));
    expect((await api.listParts(up.fileId)).body.parts).toEqual([{ partNumber: 1, etag: first.headers.etag, size: 5 * MiB, checksumSha256: null }]);
    const rest = await Promise.all([2, 3].map(async (n) => ({ partNumber: n, etag: String((await putPart(up.parts[n - 1]!, slice(n))).headers.etag) })));
    const done = await api.completeParts(up.fileId, [{ partNumber: 1, etag: String(first.headers.etag) }, ...rest]);
    expect(done.status).toBe(200);
    expect((await download((await api.accessUrl(up.fileId)).body.url)).sha256).toBe(sha256(data));
  });
});

describe("GET/DELETE /__dev/store-requests", () => {
  it("lists every request the store front saw, oldest first, with part numbers and body bytes", async () => {
    const plain = await startDevServer(); // always on, faults or not
    try {
      const c = client(plain.baseUrl, plain.apiKey);
      const presign = await c.presign({ filename: "a.txt", contentType: "text/plain", size: 7 });
      await rawPut(presign.body.uploadUrl, presign.body.headers, 7, patternStream(7));
      const { body: created } = await c.createMultipart({ ...bin, size: 6 * MiB, partSize: 5 * MiB });
      const { body: presigned } = await c.presignParts(created.fileId, [2]);
      await putPart(presigned.parts[0], data.subarray(0, MiB));
      const { requests } = await dev(plain.baseUrl, "/__dev/store-requests", undefined, "GET");
      expect(requests).toEqual([
        { method: "PUT", key: presign.body.fileKey, uploadId: null, partNumber: null, range: null, status: 200, bytes: 7, responseBytes: 0 },
        { method: "PUT", key: created.fileKey, uploadId: created.uploadId, partNumber: 2, range: null, status: 200, bytes: MiB, responseBytes: 0 },
      ]);
      expect((await dev(plain.baseUrl, "/__dev/store-requests", undefined, "DELETE")).requests).toEqual([]);
      expect((await dev(plain.baseUrl, "/__dev/store-requests", undefined, "GET")).requests).toEqual([]);
    } finally {
      await plain.stop();
    }
  });
});
