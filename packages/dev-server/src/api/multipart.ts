import type { KeyRow } from "../db/accounts.js";
import { type FileRow, findFile, insertFile } from "../db/files.js";
import { insertMultipart, multipartOfFile, type MultipartRow } from "../db/multipart.js";
import { storageUsed } from "../db/usage.js";
import type { ServerContext } from "../context.js";
import type { Fault } from "../faults/grammar.js";
import { ApiError } from "../http/respond.js";
import { buildKey, checkContentType, checkFilename, newFileId, normaliseFolder } from "./naming.js";
import { notFound, ownedFile, requireWrite } from "./owned.js";
import { choosePartSize, partCountOf } from "./part-size.js";
import { partChecksums } from "./multipart-checksums.js";
import { discardPending } from "./pending.js";
import { MAX_OBJECT_BYTES, MESSAGES, PLANS, fileTooLarge } from "./plans.js";
import { validateBody } from "./validate.js";

interface CreateBody {
  filename: string;
  contentType: string;
  size?: number;
  folder?: string;
  metadata?: Record<string, string>;
  partSize?: number;
  checksumAlgorithm?: "SHA256";
}

export const alreadyCompleted = () =>
  new ApiError(409, "upload_already_completed", "This upload is complete; its parts can no longer change. Delete the file with deleteFile.");
export const notMultipart = () =>
  new ApiError(
    409,
    "not_multipart",
    "This upload was created with createPresignedUpload and has no parts; PUT the bytes to its uploadUrl.",
  );

/** The pending multipart upload behind `fileId`, or the spec's 404/403/409 for anything else. */
export async function pendingMultipart(
  ctx: ServerContext,
  key: KeyRow,
  fileId: string,
): Promise<{ file: FileRow; upload: MultipartRow }> {
  const file = await ownedFile(ctx, key, fileId, "403");
  if (file.status === "uploaded") throw alreadyCompleted();
  const upload = await multipartOfFile(ctx.db, file.id);
  if (!upload) throw notMultipart();
  return { file, upload };
}

export async function createMultipartUpload(ctx: ServerContext, key: KeyRow, raw: unknown) {
  // Above 5 TiB is a 413 (too large for S3), not the schema's 422 for `maximum`.
  const rawSize = (raw as { size?: unknown } | null)?.size;
  if (typeof rawSize === "number" && Number.isInteger(rawSize) && rawSize > MAX_OBJECT_BYTES) {
    throw new ApiError(413, "file_too_large", MESSAGES.objectLimit);
  }
  const body = validateBody<CreateBody>("createMultipartUpload", raw);
  requireWrite(key, "upload them");
  checkFilename(body.filename);
  checkContentType(body.contentType);
  const folder = normaliseFolder(body.folder ?? "uploads");
  const plan = PLANS[key.plan];
  const tooLarge = body.size === undefined ? null : fileTooLarge(plan, body.size);
  if (tooLarge) throw new ApiError(413, "file_too_large", tooLarge);
  const partSize = choosePartSize(body.size, body.partSize);
  // Unknown size: plan and quota are checked at completeUpload, on the sum of the parts.
  if (body.size !== undefined && !plan.storageOverage && (await storageUsed(ctx.db, key.appId)) + body.size > plan.storageBytes) {
    throw new ApiError(402, "storage_limit_exceeded", MESSAGES.storageLimit);
  }
  const fileId = newFileId();
  const objectKey = buildKey(folder, fileId, body.filename);
  const checksumAlgorithm = body.checksumAlgorithm ?? null;
  const uploadId = await ctx.store.multipart.create(objectKey, body.contentType, { checksumAlgorithm });
  try {
    await ctx.db.transaction(async (tx) => {
      await insertFile(
        tx,
        {
          id: fileId,
          appId: key.appId,
          key: objectKey,
          originalName: body.filename,
          contentType: body.contentType,
          size: body.size ?? 0, // 0 until completed when the size is not known
          metadata: body.metadata ?? null,
          partSize,
        },
        ctx.multipartTtl,
      );
      const declaredSize = body.size ?? null;
      await insertMultipart(tx, { uploadId, fileId, appId: key.appId, key: objectKey, partSize, declaredSize, checksumAlgorithm });
    });
  } catch (err) {
    await ctx.store.multipart.abort(objectKey, uploadId).catch(() => undefined);
    throw err;
  }
  return {
    fileId,
    fileKey: objectKey,
    uploadId,
    partSize,
    partCount: partCountOf(body.size ?? null, partSize),
    expiresIn: ctx.multipartTtl,
    checksumAlgorithm,
  };
}

export async function presignUploadParts(ctx: ServerContext, key: KeyRow, fileId: string, raw: unknown, fault: Fault | null) {
  const body = validateBody<{ partNumbers: number[]; checksums?: Record<string, unknown> }>("presignUploadParts", raw);
  const { partNumbers } = body;
  requireWrite(key, "upload them");
  const { upload } = await pendingMultipart(ctx, key, fileId);
  const checksums = partChecksums(upload.checksumAlgorithm, partNumbers, body.checksums);
  const partCount = partCountOf(upload.declaredSize, upload.partSize);
  const beyond = partCount === null ? undefined : partNumbers.find((n) => n > partCount);
  if (beyond !== undefined) {
    throw new ApiError(422, "validation_error", `partNumbers: part ${beyond} is past the last part; this upload has ${partCount} parts.`);
  }
  const expiresIn = ctx.partUrlTtl;
  const parts = await Promise.all(
    partNumbers.map(async (partNumber) => {
      const checksumSha256 = checksums?.get(partNumber) ?? null;
      const opts = { expired: fault?.expireUrl, checksumSha256 };
      return {
        partNumber,
        url: await ctx.store.multipart.presignPart(upload.key, upload.uploadId, partNumber, expiresIn, opts),
        method: "PUT",
        headers: checksumSha256 ? { "x-amz-checksum-sha256": checksumSha256 } : {},
        expiresIn,
      };
    }),
  );
  return { parts };
}

export async function listUploadParts(ctx: ServerContext, key: KeyRow, fileId: string) {
  const { upload } = await pendingMultipart(ctx, key, fileId);
  const parts = await ctx.store.multipart.listParts(upload.key, upload.uploadId);
  return {
    fileId: upload.fileId,
    uploadId: upload.uploadId,
    partSize: upload.partSize,
    partCount: partCountOf(upload.declaredSize, upload.partSize),
    size: upload.declaredSize,
    parts,
  };
}

/** Any pending upload, multipart or single PUT; a completed one is 409, an aborted one 404. */
export async function abortUpload(ctx: ServerContext, key: KeyRow, fileId: string) {
  const file = await ownedFile(ctx, key, fileId, "403");
  requireWrite(key, "abort uploads");
  if (file.status === "uploaded") throw alreadyCompleted();
  if (!(await discardPending(ctx, file))) {
    // Completed, or abandoned, by another request meanwhile.
    if ((await findFile(ctx.db, file.id))?.status === "uploaded") throw alreadyCompleted();
    throw notFound();
  }
  return { success: true, fileId: file.id, aborted: true };
}
