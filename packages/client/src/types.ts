// The SDK's public result types and the mapping from wire shapes to them. Names mirror the Python
// SDK in camelCase (`id`, `originalName`, …).

import type { components } from "./generated/schema.js";
import type { DilnakaWarning } from "./config.js";

type WireFile = components["schemas"]["File"];

export interface DilnakaFile {
  id: string;
  key: string;
  /** `pending` until the upload is completed, then `uploaded`. */
  status: "pending" | "uploaded";
  size: number;
  contentType: string;
  originalName: string;
  /** A permanent public URL when the bucket is public, else null. */
  publicUrl: string | null;
  metadata?: Record<string, string>;
  createdAt?: string;
  /** The SHA-256 the bytes were stored with (base64; `<base64>-<n>` for a multipart upload), null when none. */
  checksumSha256?: string | null;
  /** Bytes per part of a multipart upload (null for a single PUT). */
  partSize?: number | null;
  /** Present when the answer carried a warning (e.g. `bandwidth_overage_active`). */
  warning?: DilnakaWarning;
}

export interface PresignedUpload {
  fileId: string;
  fileKey: string;
  uploadUrl: string;
  expiresIn: number;
  method: "PUT";
  /** Send exactly these headers with the bytes, and no Authorization header. */
  headers: Record<string, string>;
}

export interface FileAccessUrl {
  fileId: string;
  url: string;
  /** Seconds until `url` expires; null for a permanent URL. */
  expiresIn: number | null;
  isTemporary: boolean;
  /** Present when the download is billed as bandwidth overage. */
  warning?: DilnakaWarning;
}

export interface DeleteFileResult {
  success: boolean;
  fileId: string;
  deleted: boolean;
}

export interface FilePage {
  files: DilnakaFile[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

export function toFile(wire: WireFile): DilnakaFile {
  const file: DilnakaFile = {
    id: wire.fileId,
    key: wire.key,
    status: wire.status,
    size: wire.size,
    contentType: wire.contentType,
    originalName: wire.originalName,
    publicUrl: wire.publicUrl ?? null,
  };
  if (wire.metadata) file.metadata = wire.metadata;
  if (wire.createdAt) file.createdAt = wire.createdAt;
  if (wire.checksumSha256 !== undefined) file.checksumSha256 = wire.checksumSha256;
  if (wire.partSize !== undefined) file.partSize = wire.partSize;
  const warning = warningOf(wire);
  if (warning) file.warning = warning;
  return file;
}

/** A success may carry `{success: true, warning, message}`: surface it, never drop it. */
export function warningOf(body: unknown): DilnakaWarning | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { warning, message, fileId } = body as { warning?: unknown; message?: unknown; fileId?: unknown };
  if (typeof warning !== "string" || warning === "") return undefined;
  const result: DilnakaWarning = { code: warning, message: typeof message === "string" ? message : warning };
  if (typeof fileId === "string") result.fileId = fileId;
  return result;
}

// The multipart extension's results, exactly the wire shapes of spec/openapi.yaml.
type Schemas = components["schemas"];
/** A started multipart upload: presign its parts, PUT them, complete with their ETags (or abort). */
export type MultipartUpload = Schemas["MultipartUpload"];
/** One part's presigned PUT: send exactly `headers` (plus Content-Length) and keep the answer's ETag. */
export type PresignedPart = Schemas["PresignedPart"];
/** The parts storage holds for a pending multipart upload. */
export type UploadPartList = Schemas["UploadPartList"];
export type UploadedPart = Schemas["UploadedPart"];
/** A part for `completeUpload(fileId, { parts })`: its number and the ETag its PUT answered. */
export type CompletedPart = Schemas["CompletedPart"];
export type AbortUploadResult = Schemas["AbortUploadResponse"];
