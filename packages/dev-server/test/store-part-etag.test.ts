import { createHash } from "node:crypto";
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, S3Client, UploadPartCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../src/index.js";
import { EMBEDDED_BUCKET } from "../src/store/embedded.js";
import { MiB, patternBuffer } from "./helpers/multipart.js";
import { embeddedS3Client } from "./helpers/s3-client.js";

// A part's ETag (src/store/embedded-put.ts): cut from the SHA-256 the store verified when the PUT
// carries one, else an opaque token naming that stored write, so no part is hashed only to name it.
let server: DevServer;
let s3: S3Client;
const Bucket = EMBEDDED_BUCKET;
beforeAll(async () => {
  server = await startDevServer();
  s3 = embeddedS3Client(server.storeUrl);
});
afterAll(async () => {
  s3?.destroy();
  await server?.stop();
});

const unquote = (etag: string | undefined) => (etag ?? "").replace(/"/g, "");

it("a part sent with x-amz-checksum-sha256 is named by that digest's first 16 bytes", async () => {
  const Key = "etag/checksummed.bin";
  const body = await patternBuffer(5 * MiB, 81);
  const digest = createHash("sha256").update(body).digest();
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
  const put = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: body, ChecksumSHA256: digest.toString("base64") }));
  expect(unquote(put.ETag)).toBe(digest.subarray(0, 16).toString("hex"));
});

it("without a checksum each stored write gets its own ETag, and Complete takes only the current one", async () => {
  const Key = "etag/opaque.bin";
  const body = await patternBuffer(5 * MiB, 82);
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
  const first = unquote((await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: body }))).ETag);
  const again = unquote((await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: body }))).ETag);
  expect([first, again]).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/), expect.stringMatching(/^[0-9a-f]{32}$/)]);
  expect(again).not.toBe(first);
  const complete = (ETag: string) => s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag }] } }));
  await expect(complete(first)).rejects.toMatchObject({ name: "InvalidPart" });
  await expect(complete(again)).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
});
