// Sends the parts of a started (or resumed) multipart upload and completes it with every part's
// ETag. On failure the error names the file and the upload is abandoned (no part lingers), except
// when it is meant to be resumed (a resume state, resumeUpload): then the parts stay for the next
// run, unless the caller's signal aborted, which always abandons. A failed complete keeps the
// parts: the bytes are all stored, completeUpload(fileId, { parts }) finishes it.

import type { UploadContext } from "../index.js";
import type { CompletedPart, DilnakaFile } from "../../types.js";
import type { StateStore } from "./state-file.js";
import { DilnakaError } from "../../errors.js";
import { complete } from "../complete.js";
import { createProgress, type StreamUploadProgress } from "../progress.js";
import { abandon } from "./api.js";
import { partUrls } from "./part-urls.js";
import { runParts, type PartJob } from "./run-parts.js";

export interface MultipartSession {
  fileId: string;
  partSize: number;
  /** Parts storage already holds (a resume): part number → [ETag, size, SHA-256 when the upload has checksums]. */
  done: Map<number, [string, number, (string | null)?]>;
  /** Every part carries its SHA-256 (created with checksumAlgorithm SHA256): hashed, then presigned with it. */
  checksums?: boolean;
}

export interface PartSource {
  /** Part numbers to send, ascending; null when unknown (a stream of unknown length). */
  order: number[] | null;
  /** The next part, in ascending order; undefined when none is left. */
  next: () => PartJob | undefined | Promise<PartJob | undefined>;
  /** Bytes of the whole file; undefined until a stream of unknown length has ended. */
  size: () => number | undefined;
}

export interface SendOptions {
  concurrency: number;
  signal: AbortSignal | undefined;
  onProgress: ((p: StreamUploadProgress) => void) | undefined;
  /** The resume state file, kept up to date. */
  store?: StateStore | undefined;
  /** Leave the stored parts for a later resume when this fails (not when the signal aborts). Default: when there is a store. */
  keep?: boolean;
}

export async function sendParts(ctx: UploadContext, session: MultipartSession, parts: PartSource, opts: SendOptions): Promise<DilnakaFile> {
  const { fileId, done } = session;
  const { signal, store } = opts;
  const progress = createProgress(parts.size(), opts.onProgress);
  let storedBytes = 0;
  for (const [, [, size]] of done) storedBytes += size;
  const etags = new Map<number, CompletedPart>([...done].map(([partNumber, [etag, , checksum]]) => [partNumber, completed(partNumber, etag, checksum)]));
  let completing = false;
  try {
    await runParts(ctx, {
      fileId,
      urls: partUrls(ctx, fileId, parts.order, signal, Date.now, session.checksums),
      checksums: session.checksums ?? false,
      concurrency: opts.concurrency,
      next: parts.next,
      signal,
      onBytes: (inFlight) => progress.update(storedBytes + inFlight),
      stored: (part) => {
        storedBytes += part.size;
        etags.set(part.partNumber, completed(part.partNumber, part.etag, part.checksumSha256));
        return store?.add(part);
      },
    });
    completing = true;
    progress.finish(storedBytes);
    const list = [...etags].sort(([a], [b]) => a - b).map(([, part]) => part);
    const file = await complete(ctx, fileId, signal, list);
    await store?.remove();
    return file;
  } catch (error) {
    if (error instanceof DilnakaError) error.fileId ??= fileId;
    if (signal?.aborted || !(opts.keep ?? store ?? completing)) {
      await abandon(ctx, fileId);
      await store?.remove();
    }
    throw error;
  }
}

/** A part for completeUpload: with its SHA-256 when the upload carries checksums. */
function completed(partNumber: number, etag: string, checksumSha256: string | null | undefined): CompletedPart {
  return checksumSha256 ? { partNumber, etag, checksumSha256 } : { partNumber, etag };
}
