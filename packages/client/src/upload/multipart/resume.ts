// Continuing a multipart upload that an earlier run (or another SDK) started: storage is the truth.
// listUploadParts says which parts are stored; a part counts as done when its size is the expected
// one, and every other part is sent again. Rules of spec/upload-state.md (scenarios/resume-state.json).

import type { UploadContext } from "../index.js";
import type { ResolvedSource } from "../source.js";
import type { StreamUploadProgress } from "../progress.js";
import type { DilnakaFile } from "../../types.js";
import { getFile } from "../../files.js";
import { ValidationError } from "../../errors.js";
import { checkFileId, checkOptions } from "../../validate.js";
import { listParts } from "./api.js";
import { partBytes, sliceParts } from "./parts.js";
import { sendParts, type MultipartSession } from "./send.js";
import type { ChecksumOption } from "../checksum.js";

/**
 * The session to continue for `fileId`: its done parts; a file when it was completed before the
 * crash; undefined when it is gone (expired or aborted: 404) and `goneIsNew`.
 */
export async function continueUpload(ctx: UploadContext, fileId: string, size: number, signal: AbortSignal | undefined, goneIsNew: boolean, checksum?: ChecksumOption) {
  let list;
  try {
    list = await listParts(ctx, fileId, signal);
  } catch (error) {
    const { status, code } = error as { status?: number; code?: string };
    if (status === 409 && code === "upload_already_completed") return getFile(ctx, fileId, { signal });
    if (status === 404 && goneIsNew) return undefined;
    throw error;
  }
  if (list.size != null && list.size !== size) {
    throw new ValidationError("source", `resumeUpload: the source has ${size} bytes, upload ${fileId} was started for ${list.size}; pass the same file.`);
  }
  const { partSize } = list;
  const done = list.parts.filter((p) => p.size === partBytes(p.partNumber, partSize, size));
  // The list does not name the upload's algorithm: stored parts with a SHA-256 mean it has one;
  // with no part stored yet, the new parts are hashed unless `checksum: false`.
  const checksums = list.parts.length > 0 ? list.parts.some((p) => p.checksumSha256) : checksum !== false;
  return {
    fileId,
    partSize,
    done: new Map(done.map((p) => [p.partNumber, [p.etag, p.size, p.checksumSha256 ?? null] as [string, number, string | null]])),
    checksums,
  } satisfies MultipartSession;
}

export interface ResumeOptions {
  /** Parts in flight at once (1 to 64). Default 4. */
  concurrency?: number;
  /** `false`: send no SHA-256 for the parts still to send (only for an upload started without checksums). */
  checksum?: ChecksumOption;
  onProgress?: (progress: StreamUploadProgress) => void;
  signal?: AbortSignal;
}

/** `client.resumeUpload(fileId, source)`: sends the parts storage lacks, then completes. */
export async function resumeUpload(ctx: UploadContext, fileId: unknown, source: unknown, options?: ResumeOptions): Promise<DilnakaFile> {
  const id = checkFileId(fileId, "resumeUpload");
  const { concurrency = 4, onProgress, signal, checksum } = checkOptions(options, ["concurrency", "checksum", "onProgress", "signal"], "resumeUpload");
  const resolved: ResolvedSource = await ctx.platform.resolveSource(source, undefined, signal);
  if (resolved.kind === "stream") {
    throw new ValidationError("source", "resumeUpload: a stream cannot be read again; pass the same file, bytes or Blob the upload started with.");
  }
  const session = (await continueUpload(ctx, id, resolved.size, signal, false, checksum))!;
  if (!("done" in session)) return session;
  return sendParts(ctx, session, sliceParts(resolved, session), { concurrency, signal, onProgress, keep: true });
}
