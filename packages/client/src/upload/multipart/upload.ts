// upload() above the threshold: read a one-shot stream one part ahead (a stream that ends within
// it is one PUT), continue the upload a resume state file names, or create one; a backend without
// multipart (404/405/501) gets one PUT instead, up to 5 GiB. Then send the parts and complete.

import type { UploadContext, UploadOptions } from "../index.js";
import type { ResolvedSource } from "../source.js";
import type { StreamUploadProgress } from "../progress.js";
import type { DilnakaFile, MultipartUpload } from "../../types.js";
import { APIError, DilnakaError, ValidationError } from "../../errors.js";
import { uploadSingle, type FileFields } from "../single.js";
import { abandon, createMultipart } from "./api.js";
import { sliceParts } from "./parts.js";
import { MAX_SINGLE_PUT, type UploadPlan } from "./plan.js";
import { resumeFromState } from "./resume.js";
import { sendParts, type MultipartSession } from "./send.js";
import type { StreamParts } from "./stream-parts.js";

export async function uploadMultipart(ctx: UploadContext, source: ResolvedSource, file: FileFields, plan: UploadPlan, opts: UploadOptions<StreamUploadProgress>): Promise<DilnakaFile> {
  const { signal, onProgress } = opts;
  let stream: StreamParts | undefined;
  if (source.kind === "stream") {
    stream = ctx.platform.streamParts!(source.stream, plan.partSize, source.size);
    const whole = await stream.start();
    if (whole && source.size === undefined) return uploadSingle(ctx, whole, file, signal, onProgress);
  }

  const folder = file.folder ?? "uploads";
  const store =
    opts.resume && source.kind === "path"
      ? ctx.platform.stateStore?.({ baseURL: ctx.baseURL, path: source.path, folder, filename: file.filename, size: source.size, mtimeMs: source.mtimeMs! }, opts.stateDir)
      : undefined;
  let session: MultipartSession | DilnakaFile | undefined = store && (await resumeFromState(ctx, store, source as { size: number }, signal));
  if (session && !("done" in session)) return session; // completed before the crash

  if (!session) {
    let created: MultipartUpload;
    try {
      created = await createMultipart(ctx, { ...file, size: source.size, partSize: plan.partSize }, signal);
    } catch (error) {
      if (error instanceof APIError && [404, 405, 501].includes(error.status)) return fallback(ctx, source, stream, file, opts, error.status);
      throw error;
    }
    const { fileId, partSize } = created;
    try {
      await store?.start(created, file.contentType);
    } catch (error) {
      await abandon(ctx, fileId);
      throw new DilnakaError(`upload: cannot write the resume state (${(error as Error).message})`, { code: "state_unwritable", cause: error, fileId, hint: "Pass a writable stateDir, or resume: false." });
    }
    session = { fileId, partSize, done: new Map() };
  }
  return sendParts(ctx, session, stream ?? sliceParts(source, session), { concurrency: plan.concurrency, signal, onProgress, store });
}

/** One PUT on a backend without multipart: what a stream sent so far is read again from memory, a stream of unknown length spooled to a temp file. */
async function fallback(
  ctx: UploadContext,
  source: ResolvedSource,
  stream: StreamParts | undefined,
  file: FileFields,
  { signal, onProgress }: UploadOptions<StreamUploadProgress>,
  status: number,
): Promise<DilnakaFile> {
  const single: ResolvedSource = !stream
    ? source
    : source.size === undefined
      ? await ctx.platform.spool!(stream.remainder(), signal)
      : { kind: "stream", size: source.size, stream: stream.remainder(), reopenable: false };
  try {
    if (single.size! > MAX_SINGLE_PUT) {
      throw new ValidationError("size", `upload: ${single.size} bytes need a multipart upload (one PUT carries at most 5 GiB), and this backend has none (createMultipartUpload answered ${status}).`, {
        hint: "Use a backend with the multipart extension, or split the file into pieces of at most 5 GiB.",
      });
    }
    return await uploadSingle(ctx, single, file, signal, onProgress);
  } finally {
    if (single !== source) await single.cleanup?.();
  }
}
