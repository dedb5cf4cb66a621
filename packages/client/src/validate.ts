// Argument checks that run before any network call, each naming the bad field and the fix. Every
// option, whichever method takes it, is checked by one rule below: same name, same meaning.

import { ValidationError } from "./errors.js";

const FILE_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** A short, safe rendering of a bad value for a message. */
export function show(value: unknown): string {
  if (typeof value === "number") return String(value);
  try {
    return JSON.stringify(value)?.slice(0, 60) ?? typeof value;
  } catch {
    return typeof value; // a bigint or a circular object
  }
}

export function invalid(method: string, field: string, expected: string, value: unknown): ValidationError {
  return new ValidationError(field, `${method}: ${field} must be ${expected}, got ${show(value)}.`);
}

const between = (min: number, max: number) => (v: unknown) => Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;
const isInteger = (max: number) => between(1, max);
const isString = (v: unknown): v is string => typeof v === "string";
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const isPartNumber = between(1, 10_000);
const isSha256 = (v: unknown) => isString(v) && /^[A-Za-z0-9+/]{43}=$/.test(v);

/** Option name → [accepts the value, what it must be]. */
const RULES: Record<string, [(value: unknown) => boolean, string]> = {
  folder: [
    (v) => isString(v) && v.length <= 512 && !v.startsWith("/") && !v.split("/").includes("..") && !/[\u0000-\u001f\u007f]/.test(v),
    'a path of at most 512 characters without a leading "/", ".." or control characters, e.g. "avatars"',
  ],
  filename: [(v) => isString(v) && v.trim() !== "" && v.length <= 255, "a non-empty string of at most 255 characters"],
  contentType: [(v) => isString(v) && /^[\w.+-]+\/[\w.+-]+/.test(v), 'a MIME type such as "image/png"'],
  metadata: [
    (v) => typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every(isString),
    'an object of strings, e.g. { owner: "ada" }',
  ],
  size: [(v) => Number.isSafeInteger(v) && (v as number) >= 0, "a whole number of bytes ≥ 0"],
  onProgress: [(v) => typeof v === "function", "a function ({ loaded, total, percentage })"],
  signal: [(v) => typeof (v as AbortSignal | null)?.aborted === "boolean", "an AbortSignal"],
  limit: [isInteger(1000), "an integer from 1 to 1000"],
  cursor: [(v) => isString(v) && v !== "", "the non-empty nextCursor of a previous page"],
  expiresIn: [isInteger(604_800), "an integer from 1 to 604800 (seconds)"],
  status: [(v) => ["uploaded", "pending", "all"].includes(v as string), '"uploaded", "pending" or "all"'],
  // Multipart (S3's limits): one PUT carries at most 5 GiB; a part is 5 MiB to 5 GiB.
  multipartThreshold: [between(0, 5 * GiB), "an integer from 0 to 5368709120 (5 GiB, the most one PUT carries)"],
  partSize: [between(5 * MiB, 5 * GiB), "an integer from 5242880 (5 MiB) to 5368709120 (5 GiB)"],
  concurrency: [between(1, 64), "an integer from 1 to 64"],
  resume: [(v) => typeof v === "boolean", "true or false"],
  verify: [(v) => typeof v === "boolean", "true or false"],
  overwrite: [(v) => typeof v === "boolean", "true or false"],
  timeout: [(v) => typeof v === "number" && v > 0 && v < Infinity, "a positive number of milliseconds"],
  checksum: [(v) => v === "sha256" || v === false, '"sha256" or false'],
  checksumSha256: [isSha256, "a base64 SHA-256 (44 characters)"],
  checksumAlgorithm: [(v) => v === "SHA256", '"SHA256"'],
  checksums: [(v) => typeof v === "object" && v !== null && Object.entries(v).every(([n, c]) => isPartNumber(Number(n)) && isSha256(c)), "{ partNumber: base64 SHA-256 }"],
  stateDir: [(v) => isString(v) && v !== "", "a directory path"],
  partNumbers: [(v) => Array.isArray(v) && v.length > 0 && v.length <= 1000 && v.every(isPartNumber), "1 to 1000 part numbers (1-10000), e.g. [1, 2]"],
  parts: [
    (v) => Array.isArray(v) && v.length > 0 && v.every((p) => isPartNumber(p?.partNumber) && isString(p.etag) && p.etag !== ""),
    "[{ partNumber, etag }, …]: each part's number and the ETag its PUT answered",
  ],
};

export function checkFileId(fileId: unknown, method: string): string {
  const id = isString(fileId) ? fileId.trim() : fileId;
  if (!isString(id) || !FILE_ID.test(id)) {
    throw invalid(method, "fileId", "a file id (letters, digits, _ and -, at most 128)", fileId);
  }
  return id;
}

/**
 * Rejects option names the method doesn't know (a typo would otherwise be silently ignored), then
 * checks each option given against its rule.
 */
export function checkOptions<T extends object>(options: T | undefined, known: readonly string[], method: string): T {
  if (options === undefined) return {} as T;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw invalid(method, "options", `an object, e.g. { ${known[0]}: … }`, options);
  }
  const unknown = Object.keys(options).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new ValidationError(unknown[0]!, `${method}: unknown option ${unknown.map((k) => `"${k}"`).join(", ")}. Known options: ${known.join(", ")}.`);
  }
  for (const [field, value] of Object.entries(options)) {
    const [accepts, expected] = RULES[field] ?? [() => true];
    if (value !== undefined && !accepts(value)) throw invalid(method, field, expected!, value);
  }
  return options;
}
