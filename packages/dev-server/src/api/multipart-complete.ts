import type { KeyRow } from "../db/accounts.js";
import { findFile, type FileRow, markUploaded } from "../db/files.js";
import { endMultipart, type MultipartRow, type StoredPart } from "../db/multipart.js";
import { addStorage, storageUsed } from "../db/usage.js";
import type { ServerContext } from "../context.js";
import { ApiError } from "../http/respond.js";
import { fileJson } from "./file-json.js";
import { type ChecksumAlgorithm, compositeOfParts, requirePartChecksums } from "./multipart-checksums.js";
import { MIN_PART_BYTES } from "./part-size.js";
import { MESSAGES, PLANS, fileTooLarge } from "./plans.js";

export interface CompletedPart {
  partNumber: number;
  etag: string;
  checksumSha256?: string;
}

/** S3 compares ETags without their quotes. */
const bare = (etag: string) => etag.replace(/"/g, "");

/**
 * S3's CompleteMultipartUpload rules, checked here before storage is asked, so an SDK bug fails
 * against the dev server exactly as it would on S3 (s3rver itself checks none of them): order,
 * ETags, part checksums (409 checksum_mismatch), sizes. Returns the assembled size and the file's
 * checksum (the composite with `SHA256`, else null).
 */
export function checkParts(
  requested: CompletedPart[],
  stored: StoredPart[],
  declaredSize: number | null,
  algorithm: ChecksumAlgorithm = null,
): { size: number; checksumSha256: string | null } {
  requirePartChecksums(algorithm, requested);
  for (let i = 1; i < requested.length; i++) {
    const [prev, cur] = [requested[i - 1]!, requested[i]!];
    if (cur.partNumber <= prev.partNumber) {
      throw new ApiError(
        422,
        "invalid_part_order",
        `parts must be in ascending partNumber order without repeats; part ${cur.partNumber} follows part ${prev.partNumber}.`,
      );
    }
  }
  const byNumber = new Map(stored.map((p) => [p.partNumber, p]));
  const matched = requested.map((want) => {
    const have = byNumber.get(want.partNumber);
    if (!have || bare(have.etag) !== bare(want.etag)) {
      throw new ApiError(
        409,
        "invalid_part",
        `Part ${want.partNumber}: storage holds no part with ETag "${bare(want.etag)}". PUT the part again, then complete with the ETag storage answered.`,
      );
    }
    return have;
  });
  const checksumSha256 = compositeOfParts(algorithm, requested, matched);
  matched.slice(0, -1).forEach((p) => {
    if (p.size < MIN_PART_BYTES) {
      throw new ApiError(
        409,
        "part_too_small",
        `Part ${p.partNumber} has ${p.size} bytes; every part but the last needs at least 5 MiB (${MIN_PART_BYTES} bytes).`,
      );
    }
  });
  const total = matched.reduce((sum, p) => sum + p.size, 0);
  if (declaredSize !== null && total !== declaredSize) {
    throw new ApiError(409, "size_mismatch", `The parts hold ${total} bytes but ${declaredSize} were announced.`);
  }
  return { size: total, checksumSha256 };
}

/** completeUpload of a multipart upload: rules, plan and quota (unknown size), assembly, billing. */
export async function completeMultipart(
  ctx: ServerContext,
  key: KeyRow,
  file: FileRow,
  upload: MultipartRow,
  parts: CompletedPart[] | undefined,
): Promise<Record<string, unknown>> {
  // 409, not 422: the body is valid for completeUpload; it is this upload's state (multipart) that
  // needs parts, as a single-PUT upload refuses them with 409 not_multipart.
  if (!parts) {
    throw new ApiError(
      409,
      "parts_required",
      "This is a multipart upload; complete it with parts (every part's partNumber and ETag, from listUploadParts if you lost them).",
    );
  }
  const stored = await ctx.store.multipart.listParts(upload.key, upload.uploadId);
  const { size, checksumSha256 } = checkParts(parts, stored, upload.declaredSize, upload.checksumAlgorithm);
  if (upload.declaredSize === null) {
    const plan = PLANS[key.plan];
    const tooLarge = fileTooLarge(plan, size);
    if (tooLarge) throw new ApiError(413, "file_too_large", tooLarge);
    if (!plan.storageOverage && (await storageUsed(ctx.db, key.appId)) + size > plan.storageBytes) {
      throw new ApiError(402, "storage_limit_exceeded", MESSAGES.storageLimit);
    }
  }
  try {
    await ctx.store.multipart.complete(upload.key, upload.uploadId, parts);
  } catch (err) {
    // A concurrent complete of the same id won the race: answer what it stored (idempotent).
    const now = await findFile(ctx.db, file.id);
    if (now?.status === "uploaded") return fileJson(now);
    throw err;
  }
  const done = await ctx.db.transaction(async (tx) => {
    const updated = await markUploaded(tx, file.id, size, checksumSha256);
    if (updated) {
      await addStorage(tx, key.appId, size);
      await endMultipart(tx, upload.uploadId, "completed");
    }
    return updated;
  });
  return fileJson(done ?? (await findFile(ctx.db, file.id)) ?? { ...file, status: "uploaded", size, checksumSha256 });
}
