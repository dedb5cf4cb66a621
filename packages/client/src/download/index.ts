// downloadBytes / downloadStream (both entries) and the shared reading they and the Node entry's
// download-to-path stand on: the file (its size and checksum) and an access URL from the API
// (402s and the overage warning exactly as getFileAccessUrl), then the body (body.ts), counted for
// progress and verified at its end (verify.ts).

import type { UploadContext } from "../upload/index.js";
import type { DilnakaFile, FileAccessUrl } from "../types.js";
import type { DilnakaWarning } from "../config.js";
import { getFile, getFileAccessUrl } from "../files.js";
import { checkFileId, checkOptions } from "../validate.js";
import { abortErrorFrom } from "../retry.js";
import { createProgress, type UploadProgress } from "../upload/progress.js";
import { downloadBody } from "./body.js";
import { verifier } from "./verify.js";

export interface DownloadOptions {
  /** `({ loaded, total, percentage })`, monotonic, ending with loaded === total. */
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
  /** Milliseconds without a byte arriving before an attempt fails (it is then continued). Default: the client's timeout. */
  timeout?: number;
  /** Lifetime of the access URL in seconds. Default: the backend's. */
  expiresIn?: number;
  /** Check the size and SHA-256 at the end (default true); false checks only the size. */
  verify?: boolean;
}

export interface DownloadResult {
  fileId: string;
  /** The destination path (download to a path only). */
  path?: string;
  size: number;
  /** The checksum verified, or null when the file has none (or verify was false). */
  checksumSha256: string | null;
  file: DilnakaFile;
  /** The access URL's warning (e.g. `bandwidth_overage_active`), also given to onWarning. */
  warning?: DilnakaWarning;
}

export const DOWNLOAD_OPTIONS = ["onProgress", "signal", "timeout", "expiresIn", "verify"];

/** A download under way: the file, and its body, which throws IntegrityError at its end on a mismatch. */
export interface Download {
  file: DilnakaFile;
  access: FileAccessUrl;
  chunks: AsyncGenerator<Uint8Array, void, undefined>;
  /** Set once the body has been read and verified. */
  result: () => DownloadResult;
}

export async function startDownload(ctx: UploadContext, method: string, fileId: unknown, options: DownloadOptions | undefined, known = DOWNLOAD_OPTIONS, hash = true): Promise<Download> {
  const id = checkFileId(fileId, method);
  const opts = checkOptions(options, known, method);
  const { signal, expiresIn } = opts;
  if (signal?.aborted) throw abortErrorFrom(signal);
  const file = await getFile(ctx, id, { signal });
  const access = await getFileAccessUrl(ctx, id, expiresIn === undefined ? { signal } : { signal, expiresIn });
  const check = verifier(file, ctx.platform.sha256, hash && opts.verify !== false);
  const progress = createProgress(file.size, opts.onProgress as never);
  const body = downloadBody(ctx, { fileId: id, url: access.url, size: file.size, signal, timeout: opts.timeout ?? ctx.timeout });
  let result: DownloadResult | undefined;
  async function* chunks() {
    let received = 0;
    for await (const chunk of body) {
      received += chunk.byteLength;
      check.update(chunk);
      progress.update(received);
      yield chunk;
    }
    const checksumSha256 = await check.finish(received);
    progress.finish();
    result = { fileId: id, size: received, checksumSha256, file };
    if (access.warning) result.warning = access.warning;
  }
  return { file, access, chunks: chunks(), result: () => result! };
}

/** The whole file in memory, verified. */
export async function downloadBytes(ctx: UploadContext, fileId: unknown, options?: DownloadOptions): Promise<Uint8Array> {
  const { file, chunks } = await startDownload(ctx, "downloadBytes", fileId, options);
  const bytes = new Uint8Array(file.size);
  let at = 0;
  for await (const chunk of chunks) {
    // Bytes beyond the file's size fail the size check at the end.
    if (at + chunk.byteLength <= bytes.byteLength) bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/**
 * The file as a web stream. It errors with IntegrityError at its end on a mismatch (in browsers,
 * which cannot hash as bytes pass, only the size is checked: use downloadBytes to verify the SHA-256).
 */
export async function downloadStream(ctx: UploadContext, fileId: unknown, options: DownloadOptions | undefined, hash: boolean): Promise<ReadableStream<Uint8Array>> {
  const { chunks } = await startDownload(ctx, "downloadStream", fileId, options, DOWNLOAD_OPTIONS, hash);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await chunks.return();
    },
  });
}
