// Step 2 of an upload: send the bytes to the presigned URL, retrying on its own when storage is
// briefly unavailable, but only when the source can be read again.

import type { Platform } from "../platform.js";
import type { PresignedUpload } from "../types.js";
import type { ResolvedSource } from "./source.js";
import type { ProgressTracker } from "./progress.js";
import { ConnectionError, DilnakaError, StorageError, TimeoutError, storageErrorFrom } from "../errors.js";
import { isRetryableStatus, retryAfterMs, retryDelayMs, sleep } from "../retry.js";

export interface PutOptions {
  signal: AbortSignal | undefined;
  timeout: number;
  maxRetries: number;
  fetch: typeof fetch;
  progress: ProgressTracker;
}

const STORED = new Set([200, 201, 204]);

export async function putBytes(platform: Platform, presigned: PresignedUpload, source: ResolvedSource, options: PutOptions): Promise<void> {
  for (let retry = 0; ; retry++) {
    let failure: DilnakaError;
    let wishMs: number | undefined;
    try {
      const response = await platform.put({
        url: presigned.uploadUrl,
        headers: presigned.headers,
        source,
        onBytes: options.progress.update,
        signal: options.signal,
        timeout: options.timeout,
        fetch: options.fetch,
      });
      if (STORED.has(response.status)) return;
      wishMs = retryAfterMs(response.headers);
      failure = storageErrorFrom(response.status, response.bodyText, presigned.fileId, wishMs === undefined ? undefined : wishMs / 1000);
      if (!isRetryableStatus(response.status)) throw failure;
    } catch (error) {
      if (error instanceof DilnakaError) error.fileId ??= presigned.fileId;
      if (!(error instanceof ConnectionError || error instanceof TimeoutError)) throw error;
      failure = error;
    }
    if (retry >= options.maxRetries) throw failure;
    if (!source.reopenable) {
      throw new StorageError(
        `the PUT to storage failed (${failure.message}) and was not retried: a one-shot stream cannot be read again`,
        {
          status: failure.status,
          code: failure.code ?? "stream_not_retryable",
          fileId: presigned.fileId,
          cause: failure,
          hint: "Pass a file path, bytes or a Blob (or a stream without `size`, which is spooled to a temp file) to get automatic retries.",
        },
      );
    }
    await sleep(retryDelayMs(retry, wishMs), options.signal);
  }
}
