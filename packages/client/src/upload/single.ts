// One presigned PUT: presign → PUT the bytes (streamed, counted) → complete. For sources up to the
// multipart threshold, and the fallback on backends without multipart. A PUT that fails or is
// aborted abandons the upload, so no pending file lingers.

import type { UploadContext } from "./index.js";
import type { ResolvedSource } from "./source.js";
import type { DilnakaFile } from "../types.js";
import { createProgress, type StreamUploadProgress } from "./progress.js";
import { presign } from "./presign.js";
import { putBytes } from "./put.js";
import { complete } from "./complete.js";
import { abandon } from "./multipart/api.js";
import { singlePutChecksum, type ChecksumOption } from "./checksum.js";

/** What names the stored file. */
export interface FileFields {
  filename: string;
  contentType: string;
  folder?: string;
  metadata?: Record<string, string>;
}

export async function uploadSingle(
  ctx: UploadContext,
  source: ResolvedSource,
  file: FileFields,
  signal: AbortSignal | undefined,
  onProgress: ((p: StreamUploadProgress) => void) | undefined,
  checksum: ChecksumOption,
): Promise<DilnakaFile> {
  const size = source.size!;
  const checksumSha256 = await singlePutChecksum(ctx, source, checksum);
  const presigned = await presign(ctx, { ...file, size, checksumSha256 }, signal);
  const progress = createProgress(size, onProgress);
  try {
    await putBytes(ctx, presigned, source, signal, progress);
  } catch (error) {
    await abandon(ctx, presigned.fileId);
    throw error;
  }
  progress.finish();
  return complete(ctx, presigned.fileId, signal);
}
