// One part's PUT: the step retry policy of every PUT (connection errors, timeouts, 408, 429, 5xx,
// with backoff and Retry-After), plus 403, which means the part URL expired or its signature went
// stale: the part is presigned again, within the same retry budget. A stored part answers its ETag.

import type { UploadContext } from "../index.js";
import type { ResolvedSource } from "../source.js";
import type { PartUrls } from "./part-urls.js";
import { StorageError, storageErrorFrom } from "../../errors.js";
import { isRetryableStatus, withRetries } from "../../retry.js";

export interface PartToSend {
  partNumber: number;
  /** The part's bytes; read again on each attempt. */
  source: ResolvedSource;
}

/** PUTs one part; resolves with the ETag storage answered. `onBytes` gets each attempt's running total. */
export async function putPart(
  ctx: UploadContext,
  urls: PartUrls,
  fileId: string,
  { partNumber, source }: PartToSend,
  signal: AbortSignal,
  onBytes: (loaded: number) => void,
): Promise<string> {
  let renew = false;
  const response = await withRetries(
    ctx.maxRetries,
    signal,
    async () => {
      const { url, headers } = await urls.get(partNumber, renew);
      onBytes(0);
      return ctx.platform.put({ url, headers, source, onBytes, signal, timeout: ctx.timeout, fetch: ctx.fetch });
    },
    (failure) => (renew = failure.status === 403),
    (status) => status === 403 || isRetryableStatus(status),
  );
  if (response.status < 200 || response.status > 299) throw storageErrorFrom(response, fileId);
  const etag = response.headers.get("etag");
  if (!etag) {
    throw new StorageError(`storage stored part ${partNumber} but sent no ETag`, {
      code: "missing_etag",
      fileId,
      hint: "Let the storage CORS rules expose the ETag header (ExposeHeaders: ETag).",
    });
  }
  return etag;
}
