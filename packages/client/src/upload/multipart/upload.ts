// upload() above the threshold, for sources of known size that can be read again (what both
// entries share): create the multipart upload, or, on a backend without multipart (404/405/501),
// one PUT up to 5 GiB; then send the parts and complete. The Node entry wraps this for streams and
// resume (upload-node.ts).

import type { UploadContext, UploadOptions } from "../index.js";
import type { ResolvedSource } from "../source.js";
import type { StreamUploadProgress } from "../progress.js";
import type { DilnakaFile, MultipartUpload } from "../../types.js";
import type { StateStore } from "./state-file.js";
import { APIError, ValidationError } from "../../errors.js";
import { uploadSingle, type FileFields } from "../single.js";
import { abandon, createMultipart } from "./api.js";
import { sliceParts } from "./parts.js";
import { MAX_SINGLE_PUT, type UploadPlan } from "./plan.js";
import { sendParts, type MultipartSession, type PartSource } from "./send.js";

export type MultipartOptions = UploadOptions<StreamUploadProgress>;

export interface CreateExtras {
  /** The parts, when not slices of `source` (a stream). */
  parts?: PartSource;
  /** The resume state to start and keep up to date. */
  store?: StateStore;
  /** What one PUT sends on a backend without multipart, when not `source` itself. */
  single?: () => Promise<ResolvedSource>;
}

export async function uploadMultipart(
  ctx: UploadContext,
  source: ResolvedSource,
  file: FileFields,
  plan: UploadPlan,
  opts: MultipartOptions,
  extras: CreateExtras = {},
): Promise<DilnakaFile> {
  const { signal, onProgress } = opts;
  let created: MultipartUpload;
  try {
    const checksumAlgorithm = opts.checksum === false ? undefined : ("SHA256" as const);
    created = await createMultipart(ctx, { ...file, size: source.size, partSize: plan.partSize, checksumAlgorithm }, signal);
  } catch (error) {
    if (!(error instanceof APIError && [404, 405, 501].includes(error.status ?? 0))) throw error;
    // A backend without multipart: one PUT, if one can carry it.
    const single = extras.single ? await extras.single() : source;
    try {
      if (single.size! > MAX_SINGLE_PUT) {
        throw new ValidationError("size", `upload: ${single.size} bytes need multipart (one PUT carries at most 5 GiB); this backend has none (${error.status}).`);
      }
      return await uploadSingle(ctx, single, file, signal, onProgress, opts.checksum);
    } finally {
      if (single !== source) await single.cleanup?.();
    }
  }
  const { fileId, partSize } = created;
  try {
    await extras.store?.start(created, file.contentType);
  } catch (error) {
    await abandon(ctx, fileId);
    throw error;
  }
  // A backend without checksums answers null: then no part carries one.
  const session: MultipartSession = { fileId, partSize, done: new Map(), checksums: created.checksumAlgorithm === "SHA256" };
  return sendParts(ctx, session, extras.parts ?? sliceParts(source, session), { concurrency: plan.concurrency, signal, onProgress, store: extras.store });
}
