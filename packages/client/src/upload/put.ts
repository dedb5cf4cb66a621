// Step 2 of an upload: send the bytes to the presigned URL, retrying on its own when storage is
// briefly unavailable, but only when the source can be read again.

import type { UploadContext } from "./index.js";
import type { PresignedUpload } from "../types.js";
import type { ResolvedSource } from "./source.js";
import type { ProgressTracker } from "./progress.js";
import { DilnakaError, IntegrityError, StorageError, storageErrorFrom } from "../errors.js";
import { withRetries } from "../retry.js";

const STORED = [200, 201, 204];

export async function putBytes(
  ctx: UploadContext,
  presigned: PresignedUpload,
  source: ResolvedSource,
  signal: AbortSignal | undefined,
  progress: ProgressTracker,
): Promise<void> {
  const { fileId } = presigned;
  try {
    // Storage refusing the bytes' digest (IntegrityError): a file is read and sent once more, since
    // what broke was the copy on the way; bytes in memory would only send the same bytes again.
    for (let digestRetries = source.kind === "path" ? 1 : 0; ; digestRetries--) {
      const attempts = { made: 0 };
      const response = await sendOnce(ctx, presigned, source, signal, progress, attempts);
      if (STORED.includes(response.status)) return;
      const error = storageErrorFrom(response, fileId, attempts.made, `storage PUT ${new URL(presigned.uploadUrl).host}`);
      if (!(error instanceof IntegrityError) || digestRetries === 0) throw error;
    }
  } catch (error) {
    // Every failure after presign names the file, so the caller can finish or clean it up.
    if (error instanceof DilnakaError) error.fileId ??= fileId;
    throw error;
  }
}

/** One PUT with the step's retries (connection errors, 408, 429, 5xx), when the source can be read again. */
function sendOnce(
  ctx: UploadContext,
  presigned: PresignedUpload,
  source: ResolvedSource,
  signal: AbortSignal | undefined,
  progress: ProgressTracker,
  attempts: { made: number },
) {
  return withRetries(
    ctx.maxRetries,
    signal,
    (attempt) => {
      attempts.made = attempt;
      return ctx.platform.put({
        url: presigned.uploadUrl,
        headers: presigned.headers,
        source,
        onBytes: progress.update,
        signal,
        timeout: ctx.timeout,
        fetch: ctx.fetch,
      });
    },
    (failure) => {
      if (source.reopenable) return;
      const cause = failure instanceof DilnakaError ? failure : storageErrorFrom(failure, presigned.fileId);
      throw new StorageError(`${cause.detail} (not retried: a one-shot stream cannot be read again)`, {
        status: cause.status,
        code: cause.code ?? "stream_not_retryable",
        cause,
        hint: "Pass a file path, bytes or a Blob for automatic retries (or a stream above multipartThreshold: its parts are retried).",
      });
    },
  );
}
