// Node sources: file paths (stat'ed, never read into memory) and Node/web streams (size optional:
// a stream of unknown length is sent in parts as it arrives). The temp-file spool is only for one
// case: a stream of unknown length on a backend without multipart, whose one PUT needs the size.

import { createWriteStream } from "node:fs";
import { access, constants, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { SourceNotFoundError, ValidationError } from "../errors.js";
import { abortErrorFrom } from "../retry.js";
import { isWebReadableStream, resolveInMemorySource, unsupportedSource, type ResolvedSource } from "./source.js";

export async function resolveNodeSource(source: unknown, declaredSize: number | undefined): Promise<ResolvedSource> {
  if (typeof source === "string" || source instanceof URL) return resolvePath(source, declaredSize);
  const inMemory = resolveInMemorySource(source, declaredSize);
  if (inMemory) return inMemory;
  const stream = isWebReadableStream(source) ? Readable.fromWeb(source as import("node:stream/web").ReadableStream) : source;
  if (stream instanceof Readable || isNodeReadableLike(stream)) {
    return { kind: "stream", size: declaredSize, stream: stream as AsyncIterable<Uint8Array>, reopenable: false };
  }
  throw unsupportedSource(source);
}

async function resolvePath(source: string | URL, declaredSize: number | undefined): Promise<ResolvedSource> {
  if (source === "") throw new ValidationError("source", "upload: the file path is empty", { hint: "Pass the path of the file to upload." });
  if (source instanceof URL && source.protocol !== "file:") {
    throw new ValidationError("source", `upload: cannot read ${source.protocol} URLs`, { hint: "Pass a file path or a file: URL (download the bytes first for other URLs)." });
  }
  // Absolute (symlinks kept): the resume state file is keyed by it (spec/upload-state.md).
  const path = resolve(source instanceof URL ? fileURLToPath(source) : source);
  let info;
  try {
    // In nanoseconds: a float mtimeMs can round up across a millisecond, and the resume state file
    // must agree with the Python and PHP SDKs on floor(mtime in ms).
    info = await stat(path, { bigint: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const Class = code === "ENOENT" ? SourceNotFoundError : ValidationError;
    throw new Class("source", code === "ENOENT" ? `upload: file not found: ${path}` : `upload: cannot stat ${path} (${code})`, {
      cause: error,
      code: code === "ENOENT" ? "source_not_found" : "validation_error",
      hint: "Check the path (relative paths start from the working directory).",
    });
  }
  if (!info.isFile()) {
    throw new ValidationError("source", `upload: cannot upload ${path}: it is ${info.isDirectory() ? "a directory" : "not a regular file"}`, {
      hint: info.isDirectory() ? "Pass the path of one file, or use uploadDirectory() for a folder." : "Pass the path of a regular file (not a device, socket or pipe).",
    });
  }
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    throw new ValidationError("source", `upload: cannot read ${path}: not readable by this process`, { cause: error, hint: "Check the file's permissions." });
  }
  const size = Number(info.size);
  if (declaredSize !== undefined && declaredSize !== size) {
    throw new ValidationError("size", `upload: size is ${declaredSize} but ${path} has ${size} bytes; omit size for files.`);
  }
  return { kind: "path", size, path, mtimeMs: Number(info.mtimeNs / 1_000_000n), name: basename(path), reopenable: true };
}

function isNodeReadableLike(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as Readable).pipe === "function" && Symbol.asyncIterator in value;
}

export async function spoolToTempFile(stream: AsyncIterable<Uint8Array>, signal?: AbortSignal): Promise<ResolvedSource> {
  const dir = await mkdtemp(join(tmpdir(), "dilnaka-upload-"));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const path = join(dir, "body");
    await pipeline(stream, createWriteStream(path), { signal });
    const { size } = await stat(path);
    return { kind: "path", size, path, reopenable: true, cleanup };
  } catch (error) {
    await cleanup();
    if (signal?.aborted) throw abortErrorFrom(signal);
    throw error;
  }
}
