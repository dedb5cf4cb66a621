import { ListMultipartUploadsCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../src/index.js";
import { compositeSha256 } from "../src/api/checksums.js";
import { call, client } from "./helpers/api.js";
import { partSums } from "./helpers/checksums.js";
import { download } from "./helpers/bytes.js";
import { findMotoServer, MOTO_CREDENTIALS, startMoto } from "./helpers/moto.js";
import { MiB, multipartUpload, patternBuffer, putPart, sendParts, sha256 } from "./helpers/multipart.js";

// The external-store mode (S3_ENDPOINT) asks storage itself: real ListParts, AbortMultipartUpload
// and CompleteMultipartUpload, here against moto (skipped only when moto_server is not installed).
const bin = findMotoServer();
const BUCKET = "dilnaka-external";
let moto: Awaited<ReturnType<typeof startMoto>>;
let server: DevServer;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  if (!bin) return;
  moto = await startMoto(bin, BUCKET);
  server = await startDevServer({
    plan: "pro",
    env: {
      S3_ENDPOINT: moto.endpoint,
      S3_BUCKET: BUCKET,
      AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
    },
  });
  api = client(server.baseUrl, server.apiKey);
});
afterAll(async () => {
  await server?.stop();
  moto?.stop();
});

it.skipIf(!bin)("multipart round trip, listing, S3 rules and abort against an external S3", async () => {
  const data = await patternBuffer(11 * MiB, 41);
  const { created, parts, file } = await multipartUpload(api, data);
  expect(file).toMatchObject({ status: "uploaded", size: data.length });
  expect((await download((await api.accessUrl(created.fileId)).body.url)).sha256).toBe(sha256(data));

  const { body: open } = await api.createMultipart({ filename: "x.bin", contentType: "application/octet-stream", size: data.length, partSize: 5 * MiB });
  const sent = await sendParts(api, open.fileId, data, 5 * MiB, [1, 2]);
  const listed = await api.listParts(open.fileId);
  expect(listed.body.parts).toEqual(sent.map((p) => ({ ...p, size: 5 * MiB, checksumSha256: null })));
  const wrong = await api.completeParts(open.fileId, [{ partNumber: 1, etag: parts[1]!.etag }, sent[1]!]);
  expect(wrong.body.error).toBe("invalid_part");

  const { body: presigned } = await api.presignParts(open.fileId, [3]);
  expect((await putPart(presigned.parts[0], data.subarray(10 * MiB))).status).toBe(200);
  expect((await api.abort(open.fileId)).body).toEqual({ success: true, fileId: open.fileId, aborted: true });
  const uploads = await moto.s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }));
  expect((uploads.Uploads ?? []).map((u) => u.UploadId)).not.toContain(open.uploadId);
  expect((await api.listParts(open.fileId)).status).toBe(404);
});

it.skipIf(!bin)("checksums against an external S3: ChecksumAlgorithm at create, signed part checksums, listed, composite at complete", async () => {
  const data = await patternBuffer(12 * MiB, 43);
  const sums = partSums(data, 5 * MiB);
  const { body: created } = await api.createMultipart({ filename: "c.bin", contentType: "application/octet-stream", size: data.length, partSize: 5 * MiB, checksumAlgorithm: "SHA256" });
  expect(created.checksumAlgorithm).toBe("SHA256");
  const presigned = await call(server.baseUrl, "presignUploadParts", "POST", `/v1/uploads/${created.fileId}/parts`, {
    key: server.apiKey,
    body: { partNumbers: [1, 2, 3], checksums: { "1": sums[0], "2": sums[1], "3": sums[2] } },
  });
  const parts = presigned.body.parts as Array<{ partNumber: number; url: string; headers: Record<string, string> }>;
  expect(parts[0]!.url.startsWith(moto.endpoint)).toBe(true);
  expect(new URL(parts[0]!.url).searchParams.get("X-Amz-SignedHeaders")).toContain("x-amz-checksum-sha256");
  // (moto checks no signatures, so a PUT without the signed header is not refused here as on AWS.)
  const slice = (n: number) => data.subarray((n - 1) * 5 * MiB, n * 5 * MiB);
  const etags = await Promise.all(parts.map(async (p) => String((await putPart(p, slice(p.partNumber))).headers.etag)));
  // moto's ListParts carries no part checksums (AWS's does): listed as null, checked by moto's Complete.
  const listed = (await api.listParts(created.fileId)).body.parts;
  expect(listed.map((p: { etag: string }) => p.etag)).toEqual(etags);
  const done = await call(server.baseUrl, "completeUpload", "POST", "/v1/uploads/complete", {
    key: server.apiKey,
    body: { fileId: created.fileId, parts: etags.map((etag, i) => ({ partNumber: i + 1, etag, checksumSha256: sums[i] })) },
  });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  expect(done.body).toMatchObject({ checksumSha256: compositeSha256(sums), partSize: 5 * MiB });
  expect((await download((await api.accessUrl(created.fileId)).body.url)).sha256).toBe(sha256(data));
});
