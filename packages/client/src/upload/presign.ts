// Step 1 of an upload: reserve a file id and get the presigned storage URL.

import type { ApiContext } from "../files.js";
import { unwrap } from "../transport/api.js";
import { DilnakaError } from "../errors.js";
import type { PresignedUpload } from "../types.js";

export interface PresignInput {
  filename: string;
  contentType: string;
  size: number;
  /** Default `"uploads"`. */
  folder?: string;
  metadata?: Record<string, string>;
  /** base64 SHA-256 of the bytes: signed into the URL, storage then refuses other bytes. */
  checksumSha256?: string | undefined;
}

export async function presign(ctx: ApiContext, input: PresignInput, signal?: AbortSignal): Promise<PresignedUpload> {
  const body: PresignInput & { folder: string; checksumSha256?: string } = {
    filename: input.filename,
    contentType: input.contentType,
    size: input.size,
    folder: input.folder ?? "uploads",
  };
  if (input.metadata && Object.keys(input.metadata).length > 0) body.metadata = input.metadata;
  if (input.checksumSha256) body.checksumSha256 = input.checksumSha256;
  const data = await unwrap(ctx.raw.POST("/v1/uploads/presign", { body, signal }), ctx);
  if (String(data.method).toUpperCase() !== "PUT" || typeof data.uploadUrl !== "string" || !/^https?:\/\//.test(data.uploadUrl)) {
    throw new DilnakaError(`presign answered ${String(data.method)} ${String(data.uploadUrl)}, not a PUT to an http(s) URL`, {
      code: "invalid_response",
      fileId: data.fileId,
      hint: "Check DILNAKA_BASE_URL, or upgrade @dilnaka/client.",
    });
  }
  return {
    fileId: data.fileId,
    fileKey: data.fileKey,
    uploadUrl: data.uploadUrl,
    expiresIn: data.expiresIn,
    method: "PUT",
    headers: { ...(data.headers ?? {}) },
  };
}
