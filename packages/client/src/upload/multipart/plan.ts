// How upload() splits a source, decided before any request (spec/scenarios/multipart-plan.json):
// one PUT up to `multipartThreshold`, else parts of `partSize`, grown to the next whole MiB when
// the size would need more than S3's 10,000 parts. Bad options fail here, naming the field.

import { checkOptions, invalid } from "../../validate.js";

const MiB = 1024 * 1024;
/** The most one PUT can carry (S3). */
export const MAX_SINGLE_PUT = 5 * 1024 * MiB;
const MAX_OBJECT = 1024 * MAX_SINGLE_PUT;
const MAX_PARTS = 10_000;
const PLAN_OPTIONS = ["multipartThreshold", "partSize", "concurrency"];

export interface PlanOptions {
  /** Multipart above this many bytes. Default 64 MiB; 0 makes every non-empty source multipart. */
  multipartThreshold?: number;
  /** Bytes per part (5 MiB to 5 GiB), grown when the size needs more than 10,000 parts. Default 16 MiB. */
  partSize?: number;
  /** Parts in flight at once (1 to 64). Default 4. */
  concurrency?: number;
}

export interface UploadPlan {
  multipart: boolean;
  partSize: number;
  /** Null for a stream of unknown length. */
  partCount: number | null;
  concurrency: number;
}

/** The plan for `size` bytes (null: a stream of unknown length). Throws ValidationError on a bad option or size. */
export function planUpload(size: number | null, options: PlanOptions = {}): UploadPlan {
  const { multipartThreshold = 64 * MiB, partSize: asked = 16 * MiB, concurrency = 4 } = checkOptions(
    { multipartThreshold: options.multipartThreshold, partSize: options.partSize, concurrency: options.concurrency },
    PLAN_OPTIONS,
    "upload",
  );
  if (size !== null && !(Number.isSafeInteger(size) && size >= 0 && size <= MAX_OBJECT)) {
    throw invalid("upload", "size", "a whole number of bytes up to 5497558138880 (5 TiB, the largest object)", size);
  }
  const multipart = size === null || size > multipartThreshold;
  const partSize = size !== null && size > asked * MAX_PARTS ? Math.ceil(size / MAX_PARTS / MiB) * MiB : asked;
  return { multipart, partSize, partCount: size === null ? null : Math.max(1, Math.ceil(size / partSize)), concurrency };
}
