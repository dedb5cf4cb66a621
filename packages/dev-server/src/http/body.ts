import type { IncomingMessage } from "node:http";
import { ApiError } from "./respond.js";

/** API bodies are small JSON documents; anything larger is refused (413) before it is buffered. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * presignUploadParts may carry 1,000 part numbers and 1,000 checksums (~62 KB compact, more when
 * indented), so 64 KiB would refuse a body its schema allows.
 */
export const MAX_PARTS_BODY_BYTES = 256 * 1024;

/**
 * completeUpload may list 10,000 parts, each with an ETag of up to 128 characters and a checksum:
 * ~2.3 MB compact, up to ~5 MB with every ETag character escaped. A body its schema allows must
 * reach validation (a 10,001st part is a 422, not a 413), so the cap is well above that.
 */
export const MAX_COMPLETE_BODY_BYTES = 8 * 1024 * 1024;

/** Reads and parses a JSON body; an empty body is an error unless `emptyAs` says what it means. */
export async function readJsonBody(req: IncomingMessage, emptyAs?: unknown, limit = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "" && emptyAs !== undefined) return emptyAs;
  if (text.trim() === "") throw new ApiError(400, "invalid_request", "The request body must be a JSON object.");
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_request", "The request body is not valid JSON.");
  }
}

function tooLarge(limit: number): ApiError {
  return new ApiError(413, "invalid_request", `The request body is larger than ${limit / 1024} KiB.`);
}
