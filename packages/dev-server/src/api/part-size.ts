import { ApiError } from "../http/respond.js";

const MiB = 1024 * 1024;
/** S3's multipart rules. */
export const MIN_PART_BYTES = 5 * MiB;
export const MAX_PARTS = 10_000;
/** What the server picks when the client does not say (the SDKs' default too). */
export const DEFAULT_PART_BYTES = 16 * MiB;

/**
 * The part size of a new upload, as the spec describes: the requested `partSize` when `size` fits
 * in 10,000 parts of it (422 too_many_parts otherwise, naming the smallest size that fits);
 * without it 16 MiB, grown to the next whole MiB that fits. Unknown size: the requested or 16 MiB.
 */
export function choosePartSize(size: number | undefined, requested: number | undefined): number {
  if (requested !== undefined) {
    if (size !== undefined && Math.ceil(size / requested) > MAX_PARTS) {
      const needed = Math.ceil(size / requested);
      throw new ApiError(
        422,
        "too_many_parts",
        `${size} bytes in parts of ${requested} bytes need ${needed} parts, more than the ${MAX_PARTS} allowed; ` +
          `use a partSize of at least ${Math.ceil(size / MAX_PARTS)} bytes or omit partSize.`,
      );
    }
    return requested;
  }
  if (size === undefined) return DEFAULT_PART_BYTES;
  return Math.max(DEFAULT_PART_BYTES, Math.ceil(size / MAX_PARTS / MiB) * MiB);
}

/** `ceil(size / partSize)`, null for an unknown size. */
export function partCountOf(size: number | null, partSize: number): number | null {
  return size === null ? null : Math.max(1, Math.ceil(size / partSize));
}
