// uploadDirectory(dir, options) in Node: walk the tree (walk.ts, sorted, no symlink escapes), then
// upload its files, `concurrency` at once, each to `folder + "/" + its relative directory` under
// its base name with the other upload options. One failure never stops the others: the result
// lists what was uploaded and what failed, by relative POSIX path. Progress sums every file.

import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { UploadContext, UploadOptions } from "../index.js";
import { upload } from "../index.js";
import type { DilnakaFile } from "../../types.js";
import { AbortError, DilnakaError, ValidationError } from "../../errors.js";
import { abortErrorFrom } from "../../retry.js";
import { checkOptions, invalid } from "../../validate.js";
import { planUpload } from "../multipart/plan.js";
import type { UploadProgress } from "../progress.js";
import { pathFilter } from "./glob.js";
import { walkTree, type Found } from "./walk.js";

export interface DirectoryProgress {
  loaded: number;
  total: number;
  filesDone: number;
  filesTotal: number;
}

export interface DirectoryUploadOptions extends Omit<UploadOptions<UploadProgress>, "filename" | "size" | "onProgress" | "concurrency"> {
  /** Files uploaded at once (1 to 64). Default 4. */
  concurrency?: number;
  /** Glob patterns over relative POSIX paths (`*`, `**`, `?`): only matching files are uploaded. */
  include?: string[];
  /** Glob patterns of files to leave out. */
  exclude?: string[];
  onFileProgress?: (relativePath: string, progress: UploadProgress) => void;
  /** Called as each file ends, uploaded or failed (the CLI logs it as it happens). */
  onFileDone?: (relativePath: string, outcome: { file: DilnakaFile } | { error: DilnakaError }) => void;
  onProgress?: (progress: DirectoryProgress) => void;
}

export interface DirectoryUploadResult {
  /** Sorted by path. */
  uploaded: Array<{ path: string; file: DilnakaFile }>;
  /** Sorted by path: each file that could not be uploaded (or read), and why. */
  failed: Array<{ path: string; error: DilnakaError }>;
}

const OPTIONS = [
  "folder", "contentType", "metadata", "multipartThreshold", "partSize", "resume", "stateDir", "checksum", "signal",
  "concurrency", "include", "exclude", "onFileProgress", "onFileDone", "onProgress",
];

export async function uploadDirectory(ctx: UploadContext, dir: unknown, options?: DirectoryUploadOptions): Promise<DirectoryUploadResult> {
  const opts = checkOptions(options, OPTIONS, "uploadDirectory");
  const { concurrency = 4, include, exclude, onFileProgress, onFileDone, onProgress, folder = "uploads", signal, ...each } = opts;
  for (const [name, fn] of [["onFileProgress", onFileProgress], ["onFileDone", onFileDone], ["onProgress", onProgress]] as const) {
    if (fn !== undefined && typeof fn !== "function") throw invalid("uploadDirectory", name, "a function", fn);
  }
  planUpload(0, { multipartThreshold: each.multipartThreshold, partSize: each.partSize }); // the per-file options, checked once
  const root = await checkDirectory(dir);
  if (signal?.aborted) throw abortErrorFrom(signal);
  const { files, failures } = await walkTree(root, pathFilter(include, exclude));
  const result: DirectoryUploadResult = { uploaded: [], failed: [...failures] };
  for (const failure of failures) onFileDone?.(failure.path, { error: failure.error });

  const sent = new Map<string, number>();
  const total = files.reduce((sum, f) => sum + f.size, 0);
  let loaded = 0;
  let filesDone = failures.length;
  const filesTotal = files.length + failures.length;
  const report = () => onProgress?.({ loaded, total, filesDone, filesTotal });
  report();

  const uploadOne = async (found: Found) => {
    const parent = found.relative.includes("/") ? found.relative.slice(0, found.relative.lastIndexOf("/")) : "";
    try {
      const file = await upload(ctx, found.path, {
        ...each,
        folder: parent ? `${folder.replace(/\/+$/, "")}/${parent}` : folder,
        signal,
        onProgress: (p) => {
          onFileProgress?.(found.relative, p as UploadProgress);
          loaded += p.loaded - (sent.get(found.relative) ?? 0);
          sent.set(found.relative, p.loaded);
          report();
        },
      });
      result.uploaded.push({ path: found.relative, file });
      onFileDone?.(found.relative, { file });
    } catch (error) {
      if (signal?.aborted || error instanceof AbortError) throw error;
      const failure = error instanceof DilnakaError ? error : new DilnakaError(String(error), { cause: error });
      result.failed.push({ path: found.relative, error: failure });
      onFileDone?.(found.relative, { error: failure });
    }
    filesDone++;
    report();
  };

  let next = 0;
  const worker = async () => {
    while (next < files.length && !signal?.aborted) await uploadOne(files[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(files.length, 1)) }, worker));
  if (signal?.aborted) throw abortErrorFrom(signal);
  const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  result.uploaded.sort(byPath);
  result.failed.sort(byPath);
  return result;
}

async function checkDirectory(dir: unknown): Promise<string> {
  if (!((typeof dir === "string" && dir !== "") || dir instanceof URL)) {
    throw new ValidationError("dir", "uploadDirectory: pass the path of the directory to upload.");
  }
  const root = resolve(dir instanceof URL ? fileURLToPath(dir) : dir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new ValidationError("dir", `uploadDirectory: ${root} is ${info ? "not a directory" : "missing"}; pass the path of a directory.`);
  return root;
}
