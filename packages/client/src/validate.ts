// Argument checks that run before any network call, each naming the bad field and the fix.

import { ValidationError } from "./errors.js";

const FILE_ID = /^[A-Za-z0-9_-]{1,128}$/;

export function checkFileId(fileId: unknown, method: string): string {
  if (typeof fileId !== "string" || fileId.trim() === "") {
    throw new ValidationError("fileId", `${method}: fileId is required, e.g. ${method}("clx_file_id").`);
  }
  const id = fileId.trim();
  if (!FILE_ID.test(id)) {
    throw new ValidationError("fileId", `${method}: fileId "${id.slice(0, 40)}" is not a file id (letters, digits, _ and -, at most 128).`);
  }
  return id;
}

/**
 * Rejects option names the method doesn't know (a typo would otherwise be silently ignored), and
 * checks `signal`, which every method takes.
 */
export function checkOptions<T extends { signal?: AbortSignal }>(options: T | undefined, known: readonly string[], method: string): T {
  if (options === undefined) return {} as T;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new ValidationError("options", `${method}: options must be an object, e.g. { ${known[0]}: … }.`);
  }
  const unknown = Object.keys(options).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new ValidationError(
      unknown[0]!,
      `${method}: unknown option ${unknown.map((k) => `"${k}"`).join(", ")}. Known options: ${known.join(", ")}.`,
    );
  }
  const { signal } = options as { signal?: unknown };
  if (signal !== undefined && typeof (signal as AbortSignal | null)?.aborted !== "boolean") {
    throw new ValidationError("signal", `${method}: signal must be an AbortSignal (from new AbortController().signal).`);
  }
  return options;
}

export function checkPositiveInteger(value: unknown, field: string, method: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0 || value > max) {
    throw new ValidationError(field, `${method}: ${field} must be an integer from 1 to ${max}, got ${String(value)}.`);
  }
  return value;
}

export interface FileFields {
  folder?: string;
  filename?: string;
  contentType?: string;
  metadata?: Record<string, string>;
  size?: number;
}

/** The fields an upload is presigned with, checked the same way by upload() and createPresignedUpload(). */
export function checkFileFields(fields: FileFields, method: string): void {
  const { folder, filename, contentType, metadata, size } = fields;
  if (folder !== undefined) {
    if (typeof folder !== "string" || folder.length > 512) {
      throw new ValidationError("folder", `${method}: folder must be a string of at most 512 characters, e.g. "avatars".`);
    }
    if (folder.startsWith("/") || folder.split("/").includes("..") || /[\u0000-\u001f\u007f]/.test(folder)) {
      throw new ValidationError("folder", `${method}: folder "${folder}" must not start with "/", contain ".." segments or control characters.`);
    }
  }
  if (filename !== undefined && (typeof filename !== "string" || filename.trim() === "" || filename.length > 255)) {
    throw new ValidationError("filename", `${method}: filename must be a non-empty string of at most 255 characters.`);
  }
  if (contentType !== undefined && (typeof contentType !== "string" || !/^[\w.+-]+\/[\w.+-]+/.test(contentType))) {
    throw new ValidationError("contentType", `${method}: contentType must be a MIME type such as "image/png", got ${JSON.stringify(contentType)}.`);
  }
  if (metadata !== undefined) {
    if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
      throw new ValidationError("metadata", `${method}: metadata must be an object of strings, e.g. { owner: "ada" }.`);
    }
    for (const [key, value] of Object.entries(metadata)) {
      if (typeof value !== "string") throw new ValidationError("metadata", `${method}: metadata.${key} must be a string, got ${typeof value}.`);
    }
  }
  if (size !== undefined && (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0)) {
    throw new ValidationError("size", `${method}: size must be a whole number of bytes ≥ 0, got ${String(size)}.`);
  }
}
