// upload(source, options): validate → presign → PUT the bytes (streamed, counted) → complete.
// Each step lives in its own file and retries on its own; this file only puts them in order.

import type { ApiContext } from "../files.js";
import type { Platform } from "../platform.js";
import type { DilnakaFile } from "../types.js";
import { ValidationError } from "../errors.js";
import { checkOptions } from "../validate.js";
import { abortErrorFrom } from "../retry.js";
import { guessContentType } from "./content-type.js";
import { createProgress, type UploadProgress } from "./progress.js";
import { presign } from "./presign.js";
import { putBytes } from "./put.js";
import { complete } from "./complete.js";

export interface UploadOptions {
  /** Key prefix. Default `"uploads"`. */
  folder?: string;
  /** Default: the path's or File's name; required for bytes and streams. */
  filename?: string;
  /** Default: the Blob's type, else guessed from the filename, else application/octet-stream. */
  contentType?: string;
  /** Your own string metadata, returned with the file. */
  metadata?: Record<string, string>;
  /** Byte count of a stream source; without it a Node stream is spooled to a temp file first. */
  size?: number;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

/** The API context plus what the PUT needs. */
export interface UploadContext extends ApiContext {
  platform: Platform;
  timeout: number;
  maxRetries: number;
  fetch: typeof fetch;
}

const OPTION_NAMES = ["folder", "filename", "contentType", "metadata", "size", "onProgress", "signal"] as const;

export async function upload(ctx: UploadContext, source: unknown, options?: UploadOptions): Promise<DilnakaFile> {
  const opts = checkOptions(options, OPTION_NAMES, "upload");
  const { signal } = opts;
  if (signal?.aborted) throw abortErrorFrom(signal);
  const resolved = await ctx.platform.resolveSource(source, opts.size, signal);
  try {
    const filename = opts.filename ?? resolved.name;
    if (!filename) {
      throw new ValidationError("filename", "upload: pass { filename } for bytes or a stream (it names the stored file).");
    }
    const contentType = opts.contentType ?? resolved.type ?? guessContentType(filename);
    const presigned = await presign(ctx, { filename, contentType, size: resolved.size, folder: opts.folder, metadata: opts.metadata }, signal);
    const progress = createProgress(resolved.size, opts.onProgress);
    await putBytes(ctx, presigned, resolved, signal, progress);
    progress.finish();
    return await complete(ctx, presigned.fileId, signal);
  } finally {
    await resolved.cleanup?.();
  }
}
