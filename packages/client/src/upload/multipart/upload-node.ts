// The Node entry's multipart flow: a one-shot stream is read one part ahead (one that ends within
// it is one PUT) and then cut into parts as it arrives; a file path with `resume` continues the
// upload its state file names, or starts one with a state file. Everything else is the shared flow.

import type { UploadContext } from "../index.js";
import type { ResolvedSource } from "../source.js";
import type { DilnakaFile } from "../../types.js";
import type { FileFields } from "../single.js";
import type { UploadPlan } from "./plan.js";
import { DilnakaError } from "../../errors.js";
import { uploadSingle } from "../single.js";
import { spoolToTempFile } from "../source-node.js";
import { sliceParts } from "./parts.js";
import { resumeFromState } from "./resume-state.js";
import { sendParts } from "./send.js";
import { fileStateStore, stateDir, type StateStore } from "./state-file.js";
import { streamParts } from "./stream-parts.js";
import { uploadMultipart, type MultipartOptions } from "./upload.js";

export async function uploadMultipartNode(ctx: UploadContext, source: ResolvedSource, file: FileFields, plan: UploadPlan, opts: MultipartOptions): Promise<DilnakaFile> {
  const { signal, onProgress } = opts;
  if (source.kind === "stream") {
    const parts = streamParts(source.stream, plan.partSize, source.size);
    const whole = await parts.start();
    if (whole && source.size === undefined) return uploadSingle(ctx, whole, file, signal, onProgress, opts.checksum);
    // Without multipart: what was read, then the rest; spooled to a temp file when its size is unknown.
    const single = async (): Promise<ResolvedSource> =>
      source.size === undefined ? spoolToTempFile(parts.remainder(), signal) : { kind: "stream", size: source.size, stream: parts.remainder(), reopenable: false };
    return uploadMultipart(ctx, source, file, plan, opts, { parts, single });
  }
  if (!opts.resume || source.kind !== "path") return uploadMultipart(ctx, source, file, plan, opts);

  // DILNAKA_STATE_DIR from the process environment only, not .env (spec/upload-state.md).
  const identity = { baseURL: ctx.baseURL, path: source.path, folder: file.folder ?? "uploads", filename: file.filename, size: source.size, mtimeMs: source.mtimeMs! };
  const store = writable(fileStateStore(identity, stateDir(opts.stateDir, process.env)));
  const resumed = await resumeFromState(ctx, store, identity, signal, opts.checksum);
  if (!resumed) return uploadMultipart(ctx, source, file, plan, opts, { store });
  if (!("done" in resumed)) return resumed; // completed before the crash
  return sendParts(ctx, resumed, sliceParts(source, resumed), { concurrency: plan.concurrency, signal, onProgress, store });
}

/** A state file that cannot be written is a clear error, before any part is sent. */
function writable(store: StateStore): StateStore {
  return {
    ...store,
    start: (upload, contentType) =>
      store.start(upload, contentType).catch((error: Error) => {
        throw new DilnakaError(`upload: cannot write the resume state (${error.message})`, {
          code: "state_unwritable",
          cause: error,
          fileId: upload.fileId,
          hint: "Pass a writable stateDir, or resume: false.",
        });
      }),
  };
}
