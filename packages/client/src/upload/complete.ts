// Step 3 of an upload: tell the API the bytes are in storage. Idempotent by fileId, so the retrying
// transport may repeat it; if it still fails, the error carries `fileId` so the caller can finish
// later with `completeUpload(fileId)` (the stored object stays).

import type { ApiContext } from "../files.js";
import { unwrap } from "../transport/api.js";
import { DilnakaError } from "../errors.js";
import { toFile, type DilnakaFile } from "../types.js";

export async function complete(ctx: ApiContext, fileId: string, signal?: AbortSignal): Promise<DilnakaFile> {
  try {
    const data = await unwrap(ctx.raw.POST("/v1/uploads/complete", { body: { fileId }, signal }), ctx);
    return toFile(data);
  } catch (error) {
    if (error instanceof DilnakaError) {
      error.fileId = fileId;
      error.message += ` (file ${fileId}: the bytes are stored; finish later with completeUpload("${fileId}"))`;
    }
    throw error;
  }
}
