import { randomBytes } from "node:crypto";
import { ApiError } from "../http/respond.js";
import { spec } from "../spec/openapi.js";

const CONTROL = /[\u0000-\u001f\u007f]/;
/** The spec's own pattern (schema `ContentType`): the API's rule and its message cannot drift apart. */
const CONTENT_TYPE = new RegExp(spec.components.schemas.ContentType!.pattern!, "u");

/** A new file id: 24 lowercase letters and digits, starting with a letter (cuid-like). */
export function newFileId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(23);
  let id = "c";
  for (const b of bytes) id += alphabet[b % alphabet.length];
  return id;
}

function invalid(message: string): ApiError {
  return new ApiError(422, "validation_error", message);
}

/**
 * Checks and normalises `folder`: refuses `..` and `.` segments, a leading `/`, backslashes and
 * control characters (they could escape the prefix or confuse S3 tools); drops a trailing `/`.
 */
export function normaliseFolder(folder: string): string {
  if (CONTROL.test(folder)) throw invalid("folder: must not contain control characters.");
  if (folder.startsWith("/")) throw invalid('folder: must be relative (no leading "/").');
  if (folder.includes("\\")) throw invalid('folder: must not contain "\\".');
  const segments = folder.replace(/\/+$/, "").split("/");
  if (segments.some((s) => s === "..")) throw invalid('folder: must not contain ".." segments.');
  if (segments.some((s) => s === "." || s === "")) throw invalid('folder: must not contain empty or "." segments.');
  // A segment with nothing key-safe in it ("😀", "!") keeps a placeholder: an empty one would put
  // "//" in the key, which s3rver cannot delete or abort (a 500 at deleteFile, found by schemathesis).
  return segments.map((s) => safeSegment(s) || "_").join("/");
}

/** The file name as it appears at the end of the key: letters, digits, `.`, `_`, `-` only. */
export function safeName(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? "";
  const safe = safeSegment(base).replace(/^\.+/, "");
  return safe.slice(-120) || "file";
}

function safeSegment(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "") // accents split off by NFKD: "é" → "e"
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/-+\./g, ".")
    .replace(/^-|-$/g, "");
}

export function checkFilename(filename: string): void {
  if (CONTROL.test(filename)) throw invalid("filename: must not contain control characters.");
  // Blank = spaces only (control characters are refused above), exactly as the spec's pattern says.
  if (!/[^\u0000-\u0020\u007f]/.test(filename)) throw invalid("filename: must not be blank.");
}

/** `type/subtype` with optional parameters; it is signed into the upload URL, so it must be a valid header. */
export function checkContentType(contentType: string): void {
  if (!CONTENT_TYPE.test(contentType)) {
    throw invalid("contentType: must be a MIME type like text/plain or image/png.");
  }
}

/** `folder/YYYY/MM/<fileId>-<safe name>`, the month in UTC. */
export function buildKey(folder: string, fileId: string, filename: string, now = new Date()): string {
  const yyyy = String(now.getUTCFullYear());
  const mm = String(now.getUTCMonth() + 1).padStart(2, "0");
  return `${folder}/${yyyy}/${mm}/${fileId}-${safeName(filename)}`;
}
