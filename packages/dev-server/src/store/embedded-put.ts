import { createHash, randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { isSha256Base64 } from "../api/checksums.js";
import { BatchedFileSink } from "./batched-file-sink.js";
import { claimSlabSlot, type SlabSlot } from "./part-slab.js";
import { currentStoreRequest } from "./request-context.js";

const require = createRequire(import.meta.url);
type S3ErrorClass = new (code: string, message: string) => Error;
const S3Error = require("@20minutes/s3rver/lib/models/error") as S3ErrorClass;

export const CHECKSUM_HEADER = "x-amz-checksum-sha256";
/** s3rver's upload ids are hex; anything else must never become a path. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

type Stored = { size: number; md5: string };
type Content = Readable | Buffer;

/** The parts of s3rver 4.0.4's FilesystemStore that the PUT replacements use. */
export interface S3rverStoreForPut {
  putObject(object: { bucket: string; key: string; content: Content; metadata: Record<string, string> }): Promise<Stored>;
  putPart(bucket: string, uploadId: string, partNumber: number | string, content: Content): Promise<Stored>;
  putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5?: string): Promise<void>;
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
}

/** The request's `x-amz-checksum-sha256`, null without; S3's 400 InvalidRequest for a malformed one. */
function expectedChecksum(): string | null {
  const value = currentStoreRequest()?.headers[CHECKSUM_HEADER];
  if (value === undefined) return null;
  if (!isSha256Base64(value)) throw new S3Error("InvalidRequest", "Value for x-amz-checksum-sha256 header is invalid.");
  return value;
}

/**
 * How a body is stored: with S3's MD5 ETag (objects) or an opaque one (parts); in its own file or
 * a slab slot. A part's ETag is cut from the SHA-256 the store verifies when the PUT carries one,
 * else it is a random 128-bit token naming this stored write: S3 clients treat part ETags as opaque
 * (S3's own are no MD5s for encrypted objects), and hashing a part only to name it cost the store's
 * one thread 0.8 s per GiB (bench/multipart.mjs), a quarter of what it spent on a large upload.
 */
interface Receiving {
  etag: "md5" | "opaque";
  slot?: SlabSlot | null;
}

/**
 * Streams `content` into a file beside `target` while hashing it in the same pass, and only when
 * it is complete (and, with `expected`, its SHA-256 matches) renames it onto `target`. So a body
 * refused with BadDigest, or cut mid-way, leaves nothing, and whatever `target` held before stays
 * intact, as on S3. (s3rver writes in place: a failed PUT truncated the object or part it
 * replaced.) With a slab slot (part-slab.ts) the body goes straight to its place in the object
 * being assembled instead, and `target` becomes a sparse placeholder of its size.
 */
async function receive(target: string, content: Content, expected: string | null, beforeRename: (etag: string) => Promise<void>, how: Receiving): Promise<Stored> {
  await mkdir(dirname(target), { recursive: true });
  const partial = `${target}.${randomBytes(6).toString("hex")}.receiving`;
  const md5 = how.etag === "md5" ? createHash("md5") : null;
  const sha256 = expected ? createHash("sha256") : null;
  // Without a digest to compute the body goes straight to the file: no stage between.
  const hashing =
    md5 || sha256
      ? [
          new Transform({
            highWaterMark: 1 << 20,
            transform(chunk: Buffer, _encoding, done) {
              md5?.update(chunk);
              sha256?.update(chunk);
              done(null, chunk);
            },
          }),
        ]
      : [];
  const slot = how.slot ?? null;
  const sink = slot ? new BatchedFileSink(slot.file, { flags: "r+", start: slot.offset }) : new BatchedFileSink(partial, { flags: "w" });
  try {
    await pipeline([Buffer.isBuffer(content) ? Readable.from([content]) : content, ...hashing, sink]);
    const size = sink.bytesWritten;
    const digest = sha256?.digest();
    // S3's answer to a body whose digest differs from the (signed) header; nothing is stored.
    if (expected && digest!.toString("base64") !== expected) {
      throw new S3Error("BadDigest", "The SHA256 you specified did not match the calculated checksum.");
    }
    const etag = md5 ? md5.digest("hex") : (digest?.subarray(0, 16) ?? randomBytes(16)).toString("hex");
    await beforeRename(etag);
    if (slot) await slot.commit(etag, size);
    else {
      await rm(`${target}.slab`, { force: true }); // this part's bytes are in its own file now
      await rename(partial, target);
    }
    return { size, md5: etag };
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  } finally {
    slot?.release();
  }
}

/** The body length a part PUT declares, null when unknown (chunked, or aws-chunked signing). */
function declaredLength(): number | null {
  const headers = currentStoreRequest()?.headers;
  if (!headers || headers["x-amz-content-sha256"] === "STREAMING-AWS4-HMAC-SHA256-PAYLOAD") return null;
  const n = Number(headers["content-length"]);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/**
 * Replaces s3rver's PutObject and UploadPart storage: the body's SHA-256 is checked against the
 * request's `x-amz-checksum-sha256` (when present, signed or not, as S3 does) before anything is
 * stored, and objects and parts appear whole or not at all.
 */
export function installVerifiedPut(store: S3rverStoreForPut): void {
  store.putObject = async (object) => {
    const expected = expectedChecksum();
    const path = store.getResourcePath(object.bucket, object.key, "object");
    return receive(path, object.content, expected, (md5) => store.putMetadata(object.bucket, object.key, object.metadata, md5), { etag: "md5" });
  };
  store.putPart = async (bucket, uploadId, partNumber, content) => {
    if (!SAFE_ID.test(uploadId)) throw new S3Error("NoSuchUpload", "The specified upload does not exist.");
    const expected = expectedChecksum();
    const uploadDir = join(store.getResourcePath(bucket, undefined, "uploads"), uploadId);
    const path = join(uploadDir, String(partNumber));
    await mkdir(uploadDir, { recursive: true });
    const slot = await claimSlabSlot(uploadDir, Number(partNumber), declaredLength());
    return receive(path, content, expected, (etag) => writeFile(`${path}.md5`, etag), { etag: "opaque", slot });
  };
}
