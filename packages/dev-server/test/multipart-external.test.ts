import { ListMultipartUploadsCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../src/index.js";
import { client } from "./helpers/api.js";
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
