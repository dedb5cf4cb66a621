import { createReadStream } from "node:fs";
import { createRequire } from "node:module";
import type { Readable } from "node:stream";
import { decideRange } from "./range.js";
import { currentStoreRequest } from "./request-context.js";

const require = createRequire(import.meta.url);
type S3ObjectLike = { range?: { start: number; end: number } };
const S3Object = require("@20minutes/s3rver/lib/models/object") as new (
  bucket: string,
  key: string,
  content: Readable | null,
  metadata: Record<string, unknown>,
) => S3ObjectLike;

/** The parts of s3rver 4.0.4's FilesystemStore that the GET replacement uses. */
export interface S3rverStoreForGet {
  getObject(bucket: string, key: string, options?: { start?: number; end?: number }): Promise<unknown>;
  getMetadata(bucket: string, key: string): Promise<Record<string, unknown>>;
  getResourcePath(bucket: string, key: string, resource: string): string;
}

/**
 * Replaces `FilesystemStore.getObject` for GET and HEAD requests so that `Range` is read as S3
 * reads it (`range.ts`). s3rver's controller then does the rest as S3 does: a 206 with
 * `Content-Range: bytes a-b/size` for a part, the 416 InvalidRange XML (with RangeRequested and
 * ActualObjectSize) when our answer has a range but no content, `Accept-Ranges: bytes` always.
 * Other callers (UploadPartCopy's `x-amz-copy-source-range`) keep s3rver's own.
 */
export function installRangeGet(store: S3rverStoreForGet): void {
  const original = store.getObject.bind(store);
  store.getObject = async (bucket, key, options) => {
    const request = currentStoreRequest();
    if (!request || (request.method !== "GET" && request.method !== "HEAD")) return original(bucket, key, options);
    let metadata: Record<string, unknown>;
    try {
      metadata = await store.getMetadata(bucket, key);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
    const header = request.headers.range;
    const decision = decideRange(typeof header === "string" ? header : undefined, Number(metadata["content-length"]));
    if (decision.kind === "unsatisfiable") {
      const object = new S3Object(bucket, key, null, metadata);
      object.range = { start: 0, end: -1 }; // a range without content: s3rver answers InvalidRange
      return object;
    }
    const path = store.getResourcePath(bucket, key, "object");
    const bounds = decision.kind === "part" ? { start: decision.start, end: decision.end } : {};
    const content = await new Promise<Readable>((resolve, reject) => {
      const stream = createReadStream(path, bounds)
        .on("error", reject)
        .on("open", () => resolve(stream));
    });
    const object = new S3Object(bucket, key, content, metadata);
    if (decision.kind === "part") object.range = { start: decision.start, end: decision.end };
    return object;
  };
}
