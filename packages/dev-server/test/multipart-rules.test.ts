import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../src/index.js";
import { client } from "./helpers/api.js";
import { MiB, patternBuffer, putPart, sendParts } from "./helpers/multipart.js";
import { uploadFile } from "./helpers/upload.js";

// S3's CompleteMultipartUpload rules, enforced by the dev server so SDK bugs fail here as on S3.
let server: DevServer;
let api: ReturnType<typeof client>;
let data: Buffer;
const bin = { filename: "r.bin", contentType: "application/octet-stream" };

beforeAll(async () => {
  server = await startDevServer({ plan: "pro" });
  api = client(server.baseUrl, server.apiKey);
  data = await patternBuffer(11 * MiB, 11);
});
afterAll(() => server?.stop());

/** A new upload of `data` with parts 1–3 of 5 MiB (the last 1 MiB) PUT. */
async function threeParts() {
  const { body: created } = await api.createMultipart({ ...bin, size: data.length, partSize: 5 * MiB });
  const parts = await sendParts(api, created.fileId, data, 5 * MiB, [1, 2, 3]);
  return { fileId: created.fileId as string, parts };
}

describe("completeUpload with parts", () => {
  it("a 1 MiB part that is not the last → 409 part_too_small", async () => {
    const { body: created } = await api.createMultipart({ ...bin, partSize: 5 * MiB });
    const { body: presigned } = await api.presignParts(created.fileId, [1, 2]);
    const small = await putPart(presigned.parts[0], data.subarray(0, MiB));
    const last = await putPart(presigned.parts[1], data.subarray(MiB, 6 * MiB));
    const res = await api.completeParts(created.fileId, [
      { partNumber: 1, etag: String(small.headers.etag) },
      { partNumber: 2, etag: String(last.headers.etag) },
    ]);
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      success: false,
      error: "part_too_small",
      message: "Part 1 has 1048576 bytes; every part but the last needs at least 5 MiB (5242880 bytes).",
    });
  });

  it("a wrong ETag, or a part storage does not hold → 409 invalid_part", async () => {
    const { fileId, parts } = await threeParts();
    const wrong = parts.map((p) => (p.partNumber === 2 ? { ...p, etag: '"7d793037a0760186574b0282f2f435e7"' } : p));
    const res = await api.completeParts(fileId, wrong);
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      success: false,
      error: "invalid_part",
      message:
        'Part 2: storage holds no part with ETag "7d793037a0760186574b0282f2f435e7". PUT the part again, then complete with the ETag storage answered.',
    });
    const missing = await api.completeParts(fileId, [...parts, { partNumber: 4, etag: parts[0]!.etag }]);
    expect(missing.body.error).toBe("invalid_part");
    expect(missing.body.message).toMatch(/^Part 4: /);
    // The upload is still pending and completes with the right list (quotes optional, as on S3).
    const ok = await api.completeParts(fileId, parts.map((p) => ({ ...p, etag: p.etag.replace(/"/g, "") })));
    expect(ok.body).toMatchObject({ status: "uploaded", size: data.length });
  });

  it("parts out of order or repeated → 422 invalid_part_order", async () => {
    const { fileId, parts } = await threeParts();
    const [p1, p2, p3] = parts as [(typeof parts)[0], (typeof parts)[0], (typeof parts)[0]];
    const swapped = await api.completeParts(fileId, [p1, p3, p2]);
    expect(swapped.status).toBe(422);
    expect(swapped.body).toEqual({
      success: false,
      error: "invalid_part_order",
      message: "parts must be in ascending partNumber order without repeats; part 2 follows part 3.",
    });
    expect((await api.completeParts(fileId, [p1, p1, p2, p3])).body.error).toBe("invalid_part_order");
  });

  it("a declared size the parts do not add up to → 409 size_mismatch; no parts → 409 parts_required", async () => {
    const { body: created } = await api.createMultipart({ ...bin, size: data.length + 1, partSize: 5 * MiB });
    const parts = await sendParts(api, created.fileId, data, 5 * MiB, [1, 2, 3]);
    const res = await api.completeParts(created.fileId, parts);
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      success: false,
      error: "size_mismatch",
      message: `The parts hold ${data.length} bytes but ${data.length + 1} were announced.`,
    });
    const noParts = await api.complete(created.fileId);
    expect([noParts.status, noParts.body.error]).toEqual([409, "parts_required"]);
    expect(noParts.body.message).toMatch(/^This is a multipart upload; complete it with parts/);
  });

  it("part numbers outside 1–10,000 → 422 validation_error", async () => {
    const { fileId, parts } = await threeParts();
    const res = await api.completeParts(fileId, [{ partNumber: 0, etag: parts[0]!.etag }]);
    expect(res.status).toBe(422);
    expect(res.body.error).toBe("validation_error");
    expect((await api.presignParts(fileId, [10_001])).status).toBe(422);
    const beyond = await api.presignParts(fileId, [4]);
    expect(beyond.status).toBe(422);
    expect(beyond.body.message).toBe("partNumbers: part 4 is past the last part; this upload has 3 parts.");
  });
});

describe("the state of the upload", () => {
  it("a single-PUT upload has no parts → 409 not_multipart", async () => {
    const single = await api.presign({ filename: "s.txt", contentType: "text/plain", size: 3 });
    for (const res of [await api.presignParts(single.body.fileId, [1]), await api.listParts(single.body.fileId)]) {
      expect(res.status).toBe(409);
      expect(res.body.error).toBe("not_multipart");
    }
    expect((await api.completeParts(single.body.fileId, [{ partNumber: 1, etag: '"x"' }])).body.error).toBe("not_multipart");
  });

  it("a completed upload → 409 upload_already_completed for parts and abort; its late part PUT → NoSuchUpload", async () => {
    const { fileId, parts } = await threeParts();
    const { body: presigned } = await api.presignParts(fileId, [1]);
    await api.completeParts(fileId, parts);
    for (const res of [await api.presignParts(fileId, [1]), await api.listParts(fileId), await api.abort(fileId)]) {
      expect(res.status).toBe(409);
      expect(res.body.error).toBe("upload_already_completed");
    }
    const late = await putPart(presigned.parts[0], data.subarray(0, 5 * MiB));
    expect(late.status).toBe(404);
    expect(late.body.toString()).toContain("<Code>NoSuchUpload</Code>");
    const single = await uploadFile(api, 4);
    expect((await api.abort(single.fileId)).body.error).toBe("upload_already_completed");
  });

  it("the store refuses part numbers S3 refuses, and another app's upload is 403", async () => {
    const { body: created } = await api.createMultipart({ ...bin, size: 10 });
    const { body: presigned } = await api.presignParts(created.fileId, [1]);
    // The URL's query is signed, so a tampered part number fails the signature; 0 is checked first.
    const zero = await putPart({ ...presigned.parts[0], url: presigned.parts[0].url.replace("partNumber=1", "partNumber=0") }, Buffer.alloc(10));
    expect(zero.status).toBe(400);
    expect(zero.body.toString()).toContain("<Code>InvalidArgument</Code>");
    const { apiKey } = await (await fetch(`${server.baseUrl}/__dev/keys`, { method: "POST", body: '{"sameApp":false}' })).json();
    const other = client(server.baseUrl, apiKey);
    expect((await other.presignParts(created.fileId, [1])).status).toBe(403);
    expect((await other.abort(created.fileId)).status).toBe(403);
    expect((await other.completeParts(created.fileId, [{ partNumber: 1, etag: '"x"' }])).status).toBe(404);
  });
});
