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

export function invalid(method: string, field: string, expected: string, value: unknown, hint = `Pass ${field} as ${expected}.`): ValidationError {
  return new ValidationError(field, `${method}: ${field} must be ${expected}, got ${show(value)}`, { hint });
}

const between = (min: number, max: number) => (v: unknown) => Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;
const isInteger = (max: number) => between(1, max);
const isString = (v: unknown): v is string => typeof v === "string";
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const isPartNumber = between(1, 10_000);
// The canonical base64 of 32 bytes: 43 characters, the last carrying 4 bits (so its 2 low bits are
// zero), then one "=". The server refuses any other spelling of the same digest (spec ChecksumSha256).
const isSha256 = (v: unknown) => isString(v) && /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/.test(v);
const SHA256_HINT = 'Send the 32-byte digest in standard base64 (not hex, not URL-safe), e.g. createHash("sha256").update(bytes).digest("base64").';

// spec/openapi.yaml's Filename, Folder and ContentType patterns (lengths in code points, as JSON
// Schema counts): checked here so a bad value fails before presign with a readable message.
const FILENAME = /^(?![\s\S]*\n)[^\x00-\x1f\x7f]*[^\x00-\x20\x7f][^\x00-\x1f\x7f]*$/;
const FOLDER = /^(?![\s\S]*\n)(?!\.\.?(?:\x2f|$))[^\x00-\x1f\x7f\x2f\x5c]+(?:\x2f(?!\.\.?(?:\x2f|$))[^\x00-\x1f\x7f\x2f\x5c]+)*\x2f*$/;
const CONTENT_TYPE = /^(?![\s\S]*\n)[A-Za-z0-9_.+-]+\/[A-Za-z0-9_.+-]+(?: ?; ?[A-Za-z0-9_.+-]+=(?:\x22(?:[!\x23-\x7e]| (?! ))*\x22|[A-Za-z0-9_.+-]+))*$/;
const matches = (pattern: RegExp, max: number) => (v: unknown) => isString(v) && [...v].length <= max && pattern.test(v);

/** Option name → [accepts the value, what it must be, the fix when it is not]. */
const RULES: Record<string, [(value: unknown) => boolean, string, string?]> = {
  folder: [
    matches(FOLDER, 512),
    'a key prefix of at most 512 characters: segments separated by "/", none empty, "." or "..", no leading "/", no "\\" or control characters',
    'Pass a folder such as "avatars" or "avatars/2026".',
  ],
  filename: [
    matches(FILENAME, 255),
    "1 to 255 characters, not only spaces, without control characters (U+0000 to U+001F, U+007F)",
    'Pass a plain file name such as "report.pdf": remove line breaks, tabs and other control characters.',
  ],
  contentType: [
    matches(CONTENT_TYPE, 255),
    'a MIME type "type/subtype" with optional "; name=value" parameters (at most one space around ";")',
    'Pass a MIME type such as "image/png" or "text/plain; charset=utf-8", or leave contentType out to have it guessed from the filename.',
  ],
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
  checksumSha256: [isSha256, 'the canonical base64 of a 32-byte SHA-256 (44 characters ending in one "=")', SHA256_HINT],
  checksumAlgorithm: [(v) => v === "SHA256", '"SHA256"'],
  checksums: [
    (v) => typeof v === "object" && v !== null && Object.entries(v).every(([n, c]) => isPartNumber(Number(n)) && isSha256(c)),
    "{ partNumber: canonical base64 SHA-256 (44 characters) }",
    SHA256_HINT,
  ],
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
    throw invalid(method, "options", `an object, e.g. { ${known[0]}: … }`, options, `Pass the options as an object, or leave them out.`);
  }
  const unknown = Object.keys(options).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new ValidationError(unknown[0]!, `${method}: unknown option ${unknown.map((k) => `"${k}"`).join(", ")}`, {
      hint: `Check the spelling; ${method} knows: ${known.join(", ")}.`,
    });
  }
  for (const [field, value] of Object.entries(options)) {
    const [accepts, expected, hint] = RULES[field] ?? [() => true];
    if (value !== undefined && !accepts(value)) throw invalid(method, field, expected!, value, hint);
  }
  return options;
}
