import type { FileRow } from "../db/files.js";

/** The spec's `File` schema for one row. */
export function fileJson(f: FileRow): Record<string, unknown> {
  return {
    fileId: f.id,
    status: f.status,
    key: f.key,
    originalName: f.originalName,
    contentType: f.contentType,
    size: f.size,
    publicUrl: null,
    ...(f.metadata ? { metadata: f.metadata } : {}),
    createdAt: f.createdAt.toISOString(),
    checksumSha256: f.checksumSha256,
    partSize: f.partSize,
  };
}
