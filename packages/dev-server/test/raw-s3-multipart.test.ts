import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, GetObjectCommand, S3Client, UploadPartCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../src/index.js";
import { EMBEDDED_BUCKET } from "../src/store/embedded.js";
import { MiB, patternBuffer, sha256 } from "./helpers/multipart.js";
import { embeddedS3Client } from "./helpers/s3-client.js";

// A raw S3 client (as @aws-sdk/lib-storage in the benchmark) talking S3 to the store front: its
// uploads are not the API's, yet Complete follows S3's rules and is as fast as the API's.
let server: DevServer;
let s3: S3Client;
beforeAll(async () => {
  server = await startDevServer();
  s3 = embeddedS3Client(server.storeUrl);
});
afterAll(async () => {
  s3?.destroy();
  await server?.stop();
});

it("answers S3's errors to a bad CompleteMultipartUpload and assembles a good one", async () => {
  const data = await patternBuffer(6 * MiB, 61);
  const Bucket = EMBEDDED_BUCKET;
  const Key = "raw/lib-storage.bin";
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType: "application/x-raw" }));
  const put = async (PartNumber: number, Body: Buffer) => (await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body }))).ETag!;
  const e1 = await put(1, data.subarray(0, 5 * MiB));
  const e2 = await put(2, data.subarray(5 * MiB));
  const complete = (Parts: Array<{ PartNumber: number; ETag: string }>) =>
    s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts } })).then(
      () => "ok",
      (err: Error) => err.name,
    );
  expect(await complete([{ PartNumber: 2, ETag: e2 }, { PartNumber: 1, ETag: e1 }])).toBe("InvalidPartOrder");
  expect(await complete([{ PartNumber: 1, ETag: e2 }, { PartNumber: 2, ETag: e2 }])).toBe("InvalidPart");
  expect(await complete([{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: e2 }, { PartNumber: 3, ETag: e2 }])).toBe("InvalidPart");
  expect(await complete([{ PartNumber: 2, ETag: e2 }, { PartNumber: 3, ETag: e2 }])).toBe("InvalidPart");
  expect(await complete([{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: e2 }])).toBe("ok");
  const got = await s3.send(new GetObjectCommand({ Bucket, Key }));
  expect(got.ETag).toMatch(/^"[0-9a-f]{32}-2"$/);
  expect(got.ContentType).toBe("application/x-raw");
  expect(sha256(Buffer.from(await got.Body!.transformToByteArray()))).toBe(sha256(data));
});
