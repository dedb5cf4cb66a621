// The multipart operations of the API (tag `multipart` of spec/openapi.yaml), one call each. The
// retrying transport repeats each on connection errors, 408, 429 and 5xx.

import { unwrap, type ApiContext } from "../../transport/api.js";
import type { AbortUploadResult, MultipartUpload, PresignedPart, UploadPartList } from "../../types.js";

export interface CreateMultipartInput {
  filename: string;
  contentType: string;
  /** Omit for a stream of unknown length. */
  size?: number;
  /** Default `"uploads"`. */
  folder?: string;
  metadata?: Record<string, string>;
  partSize?: number;
  /** `SHA256`: every part carries its SHA-256 (the answer echoes it, or null from a backend without checksums). */
  checksumAlgorithm?: "SHA256";
}

const path = (fileId: string) => ({ params: { path: { fileId } } });

export function createMultipart(ctx: ApiContext, input: CreateMultipartInput, signal?: AbortSignal): Promise<MultipartUpload> {
  const { filename, contentType, size, folder = "uploads", metadata, partSize, checksumAlgorithm } = input;
  const body = { filename, contentType, size, folder, partSize, metadata: metadata && Object.keys(metadata).length > 0 ? metadata : undefined, checksumAlgorithm };
  return unwrap(ctx.raw.POST("/v1/uploads/multipart", { body, signal }), ctx);
}

/** `checksums`: each part's base64 SHA-256 by part number, signed into its URL (an upload with checksums). */
export async function presignParts(ctx: ApiContext, fileId: string, partNumbers: number[], signal?: AbortSignal, checksums?: Record<string, string>): Promise<PresignedPart[]> {
  return (await unwrap(ctx.raw.POST("/v1/uploads/{fileId}/parts", { ...path(fileId), body: { partNumbers, checksums }, signal }), ctx)).parts;
}

export function listParts(ctx: ApiContext, fileId: string, signal?: AbortSignal): Promise<UploadPartList> {
  return unwrap(ctx.raw.GET("/v1/uploads/{fileId}/parts", { ...path(fileId), signal }), ctx);
}

export async function abortUpload(ctx: ApiContext, fileId: string, signal?: AbortSignal): Promise<AbortUploadResult> {
  const { success, fileId: id, aborted } = await unwrap(ctx.raw.DELETE("/v1/uploads/{fileId}", { ...path(fileId), signal }), ctx);
  return { success, fileId: id, aborted };
}

/**
 * Abandons an upload the SDK gave up on, so no pending file or stored part lingers: abortUpload,
 * or deleteFile on a backend without the multipart extension (404/405/501). Best effort, bounded
 * in time (10 s), and it never hides the failure that caused it.
 */
export async function abandon(ctx: ApiContext, fileId: string): Promise<void> {
  const signal = AbortSignal.timeout(10_000);
  try {
    await abortUpload(ctx, fileId, signal);
  } catch (error) {
    if ([404, 405, 501].includes((error as { status?: number }).status!)) {
      await unwrap(ctx.raw.DELETE("/v1/files/{fileId}", { ...path(fileId), signal }), ctx).catch(() => {});
    }
  }
}
