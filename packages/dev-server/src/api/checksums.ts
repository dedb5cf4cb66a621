import { createHash } from "node:crypto";
import { ApiError } from "../http/respond.js";

/**
 * True for the canonical base64 of 32 bytes (a SHA-256), as S3's `x-amz-checksum-sha256` takes it.
 * The spec's pattern lets through 43 characters whose last one carries padding bits (e.g. `…B=`);
 * those decode to 32 bytes but never equal the base64 storage computes, so they are refused too.
 */
export function isSha256Base64(value: unknown): value is string {
  if (typeof value !== "string" || !/^[A-Za-z0-9+/]{43}=$/.test(value)) return false;
  const raw = Buffer.from(value, "base64");
  return raw.length === 32 && raw.toString("base64") === value;
}

/** 422 validation_error naming `field` unless `value` is a SHA-256 in canonical base64. */
export function requireSha256(field: string, value: unknown): string {
  if (!isSha256Base64(value)) {
    throw new ApiError(422, "validation_error", `${field}: must be the base64 of a 32-byte SHA-256 digest (44 characters ending in "=").`);
  }
  return value;
}

/**
 * S3's composite checksum of a multipart object: the base64 SHA-256 of the parts' raw SHA-256
 * digests concatenated in part order, then `-<part count>` (spec/scenarios/checksums.json).
 */
export function compositeSha256(partChecksums: string[]): string {
  const hash = createHash("sha256");
  for (const c of partChecksums) hash.update(Buffer.from(c, "base64"));
  return `${hash.digest("base64")}-${partChecksums.length}`;
}
