import { existsSync } from "node:fs";
import { join } from "node:path";
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, GetObjectCommand, S3Client, UploadPartCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../src/index.js";
import { EMBEDDED_BUCKET } from "../src/store/embedded.js";
import { MiB, patternBuffer, sha256 } from "./helpers/multipart.js";
import { embeddedS3Client } from "./helpers/s3-client.js";

// Parts are written into their place in the object being assembled (src/store/part-slab.ts) and
// fall back to files of their own when they cannot be: each way, the object holds the bytes of the
// parts Complete names, and a re-uploaded part replaces the first one as on S3.
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

const uploadDir = (uploadId: string) => join(server.dataDir, "objects", EMBEDDED_BUCKET, "._S3rver_uploads", uploadId);

async function upload(Key: string, puts: Array<[number, Buffer]>, completeWith: number[]): Promise<{ body: Buffer; uploadId: string }> {
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
  const etags = new Map<number, string>();
  for (const [PartNumber, Body] of puts) etags.set(PartNumber, (await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body }))).ETag!);
  const Parts = completeWith.map((PartNumber) => ({ PartNumber, ETag: etags.get(PartNumber)! }));
  await s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts } }));
  const got = await s3.send(new GetObjectCommand({ Bucket, Key }));
  return { body: Buffer.from(await got.Body!.transformToByteArray()), uploadId: UploadId! };
}

it("parts in their places, the last one short: the object is the parts, and the upload folder is gone", async () => {
  const data = await patternBuffer(12 * MiB, 71);
  const parts: Array<[number, Buffer]> = [[2, data.subarray(5 * MiB, 10 * MiB)], [1, data.subarray(0, 5 * MiB)], [3, data.subarray(10 * MiB)]];
  const { body, uploadId } = await upload("slab/in-place.bin", parts, [1, 2, 3]);
  expect(sha256(body)).toBe(sha256(data));
  expect(existsSync(uploadDir(uploadId))).toBe(false);
});

it("a part uploaded again replaces the first upload of it", async () => {
  const first = await patternBuffer(5 * MiB, 72);
  const data = await patternBuffer(7 * MiB, 73);
  const { body } = await upload("slab/reuploaded.bin", [[1, first], [2, data.subarray(5 * MiB)], [1, data.subarray(0, 5 * MiB)]], [1, 2]);
  expect(sha256(body)).toBe(sha256(data));
});

it("the short last part first, then larger parts that do not fit its slots: copied from their own files", async () => {
  const data = await patternBuffer(11 * MiB, 74);
  const { body } = await upload("slab/small-first.bin", [[3, data.subarray(10 * MiB)], [1, data.subarray(0, 5 * MiB)], [2, data.subarray(5 * MiB, 10 * MiB)]], [1, 2, 3]);
  expect(sha256(body)).toBe(sha256(data));
});

it("a complete that names some of the parts (1 and 3) gives just those", async () => {
  const data = await patternBuffer(15 * MiB, 75);
  const one = data.subarray(0, 5 * MiB);
  const three = data.subarray(10 * MiB);
  const { body } = await upload("slab/subset.bin", [[1, one], [2, data.subarray(5 * MiB, 10 * MiB)], [3, three]], [1, 3]);
  expect(sha256(body)).toBe(sha256(Buffer.concat([one, three])));
});
