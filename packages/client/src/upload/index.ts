// upload(source, options): validate → plan → one PUT (presign → PUT → complete, single.ts) or a
// multipart upload (multipart/upload.ts). Each step lives in its own file and retries on its own;
// this file only checks the arguments and picks the way.

import type { ApiContext } from "../files.js";
import type { Platform } from "../platform.js";
import type { DilnakaFile } from "../types.js";
import { ValidationError } from "../errors.js";
import { checkOptions } from "../validate.js";
import { abortErrorFrom } from "../retry.js";
import { guessContentType } from "./content-type.js";
import type { StreamUploadProgress, UploadProgress } from "./progress.js";
import { planUpload, type PlanOptions } from "./multipart/plan.js";
import { uploadSingle } from "./single.js";
import type { ChecksumOption } from "./checksum.js";

/** `P` is what onProgress receives: a stream source's total may be unknown (StreamUploadProgress). */
export interface UploadOptions<P = UploadProgress> extends PlanOptions {
  /** Key prefix. Default `"uploads"`. */
  folder?: string;
  /** Default: the path's or File's name; required for bytes and streams. */
  filename?: string;
  /** Default: the Blob's type, else guessed from the filename, else application/octet-stream. */
  contentType?: string;
  /** Your own string metadata, returned with the file. */
  metadata?: Record<string, string>;
  /** Byte count of a stream source, if known (a stream of unknown length is sent in parts as it arrives). */
  size?: number;
  /** File paths only: keep a state file so that the same call after a crash sends only the missing parts. */
  resume?: boolean;
  /** Where resume state files live. Default: DILNAKA_STATE_DIR, else the OS's per-user state folder. */
  stateDir?: string;
  /**
   * `"sha256"`: send every byte's SHA-256 (storage refuses a body that differs), a pre-pass for a
   * file or stream sent in one PUT; `false`: none. Default: when it costs no extra read (bytes,
   * Blobs, multipart parts).
   */
  checksum?: ChecksumOption;
  onProgress?: (progress: P) => void;
  signal?: AbortSignal;
}

/** The API context plus what the PUT needs. */
export interface UploadContext extends ApiContext {
  platform: Platform;
  baseURL: string;
  timeout: number;
  maxRetries: number;
  fetch: typeof fetch;
}

const OPTION_NAMES = [
  "folder", "filename", "contentType", "metadata", "size", "multipartThreshold", "partSize", "concurrency", "resume", "stateDir", "checksum", "onProgress", "signal",
] as const;

export async function upload(ctx: UploadContext, source: unknown, options?: UploadOptions<StreamUploadProgress>): Promise<DilnakaFile> {
  const opts = checkOptions(options, OPTION_NAMES, "upload");
  const { signal } = opts;
  if (signal?.aborted) throw abortErrorFrom(signal);
  let resolved = await ctx.platform.resolveSource(source, opts.size, signal);
  const given = resolved;
  try {
    const filename = opts.filename ?? resolved.name;
    if (!filename) {
      throw new ValidationError("filename", "upload: filename is missing: bytes and streams have no name", {
        hint: 'Pass { filename: "report.pdf" }: it names the stored file.',
      });
    }
    const file = { filename, contentType: opts.contentType ?? resolved.type ?? guessContentType(filename), folder: opts.folder, metadata: opts.metadata };
    const plan = planUpload(resolved.size ?? null, opts);
    if (opts.resume && resolved.kind !== "path") {
      throw new ValidationError("resume", "upload: resume works for file paths only (a stream or bytes cannot be read again after a crash).");
    }
    if (plan.multipart) return await ctx.platform.uploadMultipart(ctx, resolved, file, plan, opts);
    // A one-shot stream is hashed before its PUT from a temp copy (Node), the digest being signed first.
    if (resolved.kind === "stream" && opts.checksum === "sha256" && ctx.platform.spool) resolved = await ctx.platform.spool(resolved.stream, signal);
    return await uploadSingle(ctx, resolved, file, signal, opts.onProgress, opts.checksum);
  } finally {
    await resolved.cleanup?.();
    if (resolved !== given) await given.cleanup?.();
  }
}
