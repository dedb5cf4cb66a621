// Step 3 of an upload: tell the API the bytes are in storage (for a multipart upload, with every
// part's ETag). Idempotent by fileId, so the retrying transport may repeat it; if it still fails,
// the error carries `fileId` so the caller can finish later with `completeUpload(fileId)` (the
// stored object or parts stay).

import type { ApiContext } from "../files.js";
import { unwrap } from "../transport/api.js";
import { amendError, DilnakaError } from "../errors.js";
import { toFile, type CompletedPart, type DilnakaFile } from "../types.js";

export async function complete(ctx: ApiContext, fileId: string, signal?: AbortSignal, parts?: CompletedPart[]): Promise<DilnakaFile> {
  try {
    return toFile(await unwrap(ctx.raw.POST("/v1/uploads/complete", { body: { fileId, parts }, signal }), ctx));
  } catch (error) {
    if (error instanceof DilnakaError) {
      error.fileId = fileId;
      amendError(error, {
        hint: `${error.hint} The bytes are stored: finish later with completeUpload("${fileId}"${parts ? ", { parts }" : ""}).`,
      });
    }
    throw error;
  }
}
