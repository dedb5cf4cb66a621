import { expect } from "vitest";
import type { client } from "./api.js";
import { patternStream, rawPut } from "./bytes.js";

/** presign → PUT → complete of `size` pattern bytes; returns the completed file. */
export async function uploadFile(
  api: ReturnType<typeof client>,
  size: number,
  opts: { filename?: string; folder?: string; seed?: number } = {},
): Promise<{ fileId: string; key: string; size: number; seed: number }> {
  const seed = opts.seed ?? size + 1;
  const presign = await api.presign({
    filename: opts.filename ?? `file-${size}.bin`,
    contentType: "application/octet-stream",
    size,
    ...(opts.folder ? { folder: opts.folder } : {}),
  });
  expect(presign.status, JSON.stringify(presign.body)).toBe(200);
  const put = await rawPut(presign.body.uploadUrl, presign.body.headers, size, patternStream(size, seed));
  expect(put.status, put.body.toString()).toBe(200);
  const done = await api.complete(presign.body.fileId);
  expect(done.status).toBe(200);
  return { fileId: presign.body.fileId, key: presign.body.fileKey, size, seed };
}
