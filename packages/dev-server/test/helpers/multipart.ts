import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { expect } from "vitest";
import type { client } from "./api.js";
import { patternStream, rawPut, type RawResponse } from "./bytes.js";

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

type Api = ReturnType<typeof client>;

/** `size` deterministic pattern bytes in memory (tests stay ≤ 40 MiB). */
export async function patternBuffer(size: number, seed: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of patternStream(size, seed)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** PUTs `bytes` to a presigned part URL with exactly its headers, as an SDK does. */
export function putPart(part: { url: string; headers: Record<string, string> }, bytes: Buffer, extra: Record<string, string> = {}): Promise<RawResponse> {
  return rawPut(part.url, { ...part.headers, ...extra }, bytes.length, Readable.from([bytes]));
}

/** Presigns `partNumbers` and PUTs each one's slice of `data` (`partSize` apart), in parallel. */
export async function sendParts(
  api: Api,
  fileId: string,
  data: Buffer,
  partSize: number,
  partNumbers: number[],
): Promise<Array<{ partNumber: number; etag: string }>> {
  const presigned = await api.presignParts(fileId, partNumbers);
  expect(presigned.status, JSON.stringify(presigned.body)).toBe(200);
  return Promise.all(
    presigned.body.parts.map(async (p: { partNumber: number; url: string; headers: Record<string, string> }) => {
      const put = await putPart(p, data.subarray((p.partNumber - 1) * partSize, p.partNumber * partSize));
      expect(put.status, put.body.toString()).toBe(200);
      return { partNumber: p.partNumber, etag: String(put.headers.etag) };
    }),
  );
}

export const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** A complete multipart upload of `data` in `partSize` parts; returns the create answer. */
export async function multipartUpload(api: Api, data: Buffer, partSize = 5 * MiB, extra: Record<string, unknown> = {}) {
  const created = await api.createMultipart({ filename: "big.bin", contentType: "application/octet-stream", size: data.length, partSize, ...extra });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  const parts = await sendParts(api, created.body.fileId, data, partSize, range(1, created.body.partCount));
  const done = await api.completeParts(created.body.fileId, parts);
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return { created: created.body, parts, file: done.body };
}
