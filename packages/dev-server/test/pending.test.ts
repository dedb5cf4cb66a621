import { existsSync } from "node:fs";
import { join } from "node:path";
import { HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../src/index.js";
import { EMBEDDED_BUCKET, EMBEDDED_CREDENTIALS } from "../src/store/embedded.js";
import { client, dev } from "./helpers/api.js";
import { patternStream, rawPut } from "./helpers/bytes.js";
import { MiB, patternBuffer, putPart, sendParts } from "./helpers/multipart.js";
import { uploadFile } from "./helpers/upload.js";

const bin = { filename: "p.bin", contentType: "application/octet-stream" };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** s3rver's folder of one multipart upload's parts; it must be gone once the upload is. */
const partsDir = (s: DevServer, uploadId: string) => join(s.dataDir, "objects", EMBEDDED_BUCKET, "._S3rver_uploads", uploadId);

/** Whether the store holds `key`, asked through the store front with the embedded store's keys. */
async function stored(s: DevServer, key: string): Promise<boolean> {
  const s3 = new S3Client({ endpoint: s.storeUrl, region: "us-east-1", forcePathStyle: true, credentials: EMBEDDED_CREDENTIALS });
  try {
    await s3.send(new HeadObjectCommand({ Bucket: EMBEDDED_BUCKET, Key: key }));
    return true;
  } catch (err) {
    if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw err;
  } finally {
    s3.destroy();
  }
}

const ids = (res: { body: { files: Array<{ fileId: string }> } }) => res.body.files.map((f) => f.fileId);

describe("abortUpload", () => {
  let server: DevServer;
  let api: ReturnType<typeof client>;
  beforeAll(async () => {
    server = await startDevServer({ plan: "pro" });
    api = client(server.baseUrl, server.apiKey);
  });
  afterAll(() => server?.stop());

  it("frees a multipart upload's parts: nothing left in the store, the id reads 404, nothing billed", async () => {
    const data = await patternBuffer(10 * MiB, 21);
    const { body: created } = await api.createMultipart({ ...bin, size: data.length, partSize: 5 * MiB });
    const { body: late } = await api.presignParts(created.fileId, [2]);
    await sendParts(api, created.fileId, data, 5 * MiB, [1]);
    expect(existsSync(join(partsDir(server, created.uploadId), "1"))).toBe(true);
    const storage = (await dev(server.baseUrl, "/__dev/usage", {})).storageBytes;

    const aborted = await api.abort(created.fileId);
    expect(aborted.status).toBe(200);
    expect(aborted.body).toEqual({ success: true, fileId: created.fileId, aborted: true });
    expect(existsSync(partsDir(server, created.uploadId))).toBe(false);
    for (const res of [await api.get(created.fileId), await api.listParts(created.fileId), await api.abort(created.fileId)]) {
      expect(res.status).toBe(404);
    }
    expect(ids(await api.list("?status=all"))).not.toContain(created.fileId);
    // A part still in flight after the abort is refused as S3 would, and leaves nothing behind.
    const put = await putPart(late.parts[0], data.subarray(5 * MiB));
    expect(put.status).toBe(404);
    expect(put.body.toString()).toContain("NoSuchUpload");
    expect(existsSync(partsDir(server, created.uploadId))).toBe(false);
    expect((await dev(server.baseUrl, "/__dev/usage", {})).storageBytes).toBe(storage);
  });

  it("abandons a single-PUT upload too, deleting the object already PUT", async () => {
    const presign = await api.presign({ filename: "s.txt", contentType: "text/plain", size: 5 });
    await rawPut(presign.body.uploadUrl, presign.body.headers, 5, patternStream(5));
    expect(await stored(server, presign.body.fileKey)).toBe(true);
    expect(ids(await api.list("?status=pending"))).toContain(presign.body.fileId);
    expect((await api.abort(presign.body.fileId)).body).toEqual({ success: true, fileId: presign.body.fileId, aborted: true });
    expect(await stored(server, presign.body.fileKey)).toBe(false);
    expect((await api.complete(presign.body.fileId)).status).toBe(404);
    expect(ids(await api.list("?status=pending"))).not.toContain(presign.body.fileId);
  });

  it("deleteFile of a pending multipart upload frees its parts as abort does", async () => {
    const data = await patternBuffer(5 * MiB, 22);
    const { body: created } = await api.createMultipart({ ...bin, size: data.length });
    await sendParts(api, created.fileId, data, 16 * MiB, [1]);
    expect((await api.remove(created.fileId)).body).toEqual({ success: true, fileId: created.fileId, deleted: true });
    expect(existsSync(partsDir(server, created.uploadId))).toBe(false);
  });
});

describe("listFiles status", () => {
  it("lists uploaded files by default, in-flight uploads with pending, both with all", async () => {
    const s = await startDevServer();
    try {
      const api = client(s.baseUrl, s.apiKey);
      const done = await uploadFile(api, 3);
      const single = (await api.presign({ filename: "a.txt", contentType: "text/plain", size: 1 })).body.fileId;
      const multi = (await api.createMultipart({ ...bin, size: 10 })).body.fileId;
      expect(ids(await api.list())).toEqual([done.fileId]);
      expect(ids(await api.list("?status=uploaded"))).toEqual([done.fileId]);
      expect(ids(await api.list("?status=pending"))).toEqual([multi, single]);
      expect(ids(await api.list("?status=all&limit=2"))).toEqual([multi, single]);
      expect(ids(await api.list("?status=all"))).toEqual([multi, single, done.fileId]);
      const bad = await api.list("?status=done");
      expect(bad.status).toBe(400);
      expect(bad.body.message).toBe("status must be uploaded, pending or all.");
    } finally {
      await s.stop();
    }
  });
});

describe("expiry of pending uploads", () => {
  it("the interval sweep aborts uploads past their lifetime in the store; they read 404; completed files stay", async () => {
    const s = await startDevServer({ uploadUrlTtl: 2, pendingGrace: 0, multipartTtl: 2, sweepInterval: 0.25 });
    try {
      const api = client(s.baseUrl, s.apiKey);
      const kept = await uploadFile(api, 4);
      const single = await api.presign({ filename: "s.txt", contentType: "text/plain", size: 5 });
      expect(single.body.expiresIn).toBe(2);
      await rawPut(single.body.uploadUrl, single.body.headers, 5, patternStream(5));
      const data = await patternBuffer(5 * MiB, 23);
      const { body: multi } = await api.createMultipart({ ...bin, size: data.length });
      expect(multi.expiresIn).toBe(2);
      await sendParts(api, multi.fileId, data, 16 * MiB, [1]);
      const storage = (await dev(s.baseUrl, "/__dev/usage", {})).storageBytes;

      await sleep(3500); // no API call meanwhile: only the interval sweep can clean up
      expect(existsSync(partsDir(s, multi.uploadId))).toBe(false);
      expect(await stored(s, single.body.fileKey)).toBe(false);
      expect((await api.get(single.body.fileId)).status).toBe(404);
      expect((await api.listParts(multi.fileId)).status).toBe(404);
      expect(ids(await api.list("?status=all"))).toEqual([kept.fileId]);
      expect((await api.get(kept.fileId)).body.status).toBe("uploaded");
      expect((await dev(s.baseUrl, "/__dev/usage", {})).storageBytes).toBe(storage);
    } finally {
      await s.stop();
    }
  });

  it("reads and listings expire what is due at once, without waiting for the next sweep", async () => {
    const s = await startDevServer({ uploadUrlTtl: 1, pendingGrace: 0, multipartTtl: 1, sweepInterval: 3600 });
    try {
      const api = client(s.baseUrl, s.apiKey);
      const single = (await api.presign({ filename: "s.txt", contentType: "text/plain", size: 5 })).body;
      const listed = (await api.createMultipart({ ...bin, size: 10 })).body;
      const read = (await api.createMultipart({ ...bin, size: 10 })).body;
      await sleep(1500);
      expect((await api.complete(single.fileId)).status).toBe(404);
      expect((await api.presignParts(read.fileId, [1])).status).toBe(404);
      expect(existsSync(partsDir(s, listed.uploadId))).toBe(true); // not swept yet
      expect(ids(await api.list("?status=pending"))).toEqual([]);
      expect(existsSync(partsDir(s, listed.uploadId))).toBe(false);
    } finally {
      await s.stop();
    }
  });
});
