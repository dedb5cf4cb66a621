// One part's PUT: the step retry policy of every PUT (connection errors, timeouts, 408, 429, 5xx,
// with backoff and Retry-After), plus 403, which means the part URL expired or its signature went
// stale: the part is presigned again, within the same retry budget. A stored part answers its ETag.

import type { UploadContext } from "../index.js";
import type { ResolvedSource } from "../source.js";
import type { PartUrls } from "./part-urls.js";
import { IntegrityError, StorageError, storageErrorFrom } from "../../errors.js";
import { isRetryableStatus, withRetries } from "../../retry.js";

export interface PartToSend {
  partNumber: number;
  /** The part's bytes; read again on each attempt. */
  source: ResolvedSource;
}

/**
 * PUTs one part; resolves with the ETag storage answered (and the part's SHA-256, when `checksums`:
 * hashed first, since its URL is presigned with it). `onBytes` gets each attempt's running total.
 */
export async function putPart(
  ctx: UploadContext,
  urls: PartUrls,
  fileId: string,
  { partNumber, source }: PartToSend,
  signal: AbortSignal,
  checksums: boolean,
  onBytes: (loaded: number) => void,
): Promise<{ etag: string; checksumSha256?: string }> {
  const checksumSha256 = checksums ? await ctx.platform.digest(source) : undefined;
  if (checksumSha256) urls.hashed(partNumber, checksumSha256);
  // Storage refusing the digest: a file's range is read and sent once more (see put.ts).
  for (let digestRetries = source.kind === "path" ? 1 : 0; ; digestRetries--) {
    const attempts = { made: 0 };
    const response = await sendPart(ctx, urls, partNumber, source, signal, onBytes, attempts);
    if (response.status < 200 || response.status > 299) {
      const error = storageErrorFrom(response, fileId, attempts.made, `storage PUT of part ${partNumber}`);
      if (error instanceof IntegrityError && digestRetries > 0) continue;
      throw error;
    }
    const etag = response.headers.get("etag");
    if (!etag) {
      throw new StorageError(`storage stored part ${partNumber} but sent no ETag`, {
        code: "missing_etag",
        fileId,
        hint: "Let the storage CORS rules expose the ETag header (ExposeHeaders: ETag).",
      });
    }
    return checksumSha256 ? { etag, checksumSha256 } : { etag };
  }
}

function sendPart(
  ctx: UploadContext,
  urls: PartUrls,
  partNumber: number,
  source: ResolvedSource,
  signal: AbortSignal,
  onBytes: (loaded: number) => void,
  attempts: { made: number },
) {
  let renew = false;
  return withRetries(
    ctx.maxRetries,
    signal,
    async (attempt) => {
      attempts.made = attempt;
      const { url, headers } = await urls.get(partNumber, renew);
      onBytes(0);
      return ctx.platform.put({ url, headers, source, onBytes, signal, timeout: ctx.timeout, fetch: ctx.fetch });
    },
    (failure) => (renew = failure.status === 403),
    (status) => status === 403 || isRetryableStatus(status),
  );
}
