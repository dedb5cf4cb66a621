import type { KeyRow } from "../db/accounts.js";
import { insertFile, markUploaded } from "../db/files.js";
import { multipartOfFile } from "../db/multipart.js";
import { addStorage, storageUsed } from "../db/usage.js";
import type { ServerContext } from "../context.js";
import type { Fault } from "../faults/grammar.js";
import { ApiError } from "../http/respond.js";
import { requireSha256 } from "./checksums.js";
import { fileJson } from "./file-json.js";
import { type CompletedPart, completeMultipart } from "./multipart-complete.js";
import { notMultipart } from "./multipart.js";
import { buildKey, checkContentType, checkFilename, newFileId, normaliseFolder } from "./naming.js";
import { ownedFile, requireWrite } from "./owned.js";
import { MESSAGES, PLANS, SINGLE_PUT_LIMIT, fileTooLarge } from "./plans.js";
import { validateBody } from "./validate.js";

interface PresignBody {
  filename: string;
  contentType: string;
  size: number;
  folder?: string;
  metadata?: Record<string, string>;
  checksumSha256?: string;
}

export async function createPresignedUpload(
  ctx: ServerContext,
  key: KeyRow,
  raw: unknown,
  fault: Fault | null,
): Promise<Record<string, unknown>> {
  // Above 5 GiB (the schema's `maximum`) is a 413 saying to use multipart, not a bare 422.
  const rawSize = (raw as { size?: unknown } | null)?.size;
  if (typeof rawSize === "number" && Number.isInteger(rawSize) && rawSize > SINGLE_PUT_LIMIT) {
    throw new ApiError(413, "file_too_large", fileTooLarge(PLANS[key.plan], rawSize) ?? MESSAGES.singlePutLimit);
  }
  const body = validateBody<PresignBody>("createPresignedUpload", raw);
  const checksum = body.checksumSha256 === undefined ? null : requireSha256("checksumSha256", body.checksumSha256);
  requireWrite(key, "upload them");
  checkFilename(body.filename);
  checkContentType(body.contentType);
  const folder = normaliseFolder(body.folder ?? "uploads");
  const plan = PLANS[key.plan];
  const tooLarge = fileTooLarge(plan, body.size) ?? (body.size > SINGLE_PUT_LIMIT ? MESSAGES.singlePutLimit : null);
  if (tooLarge) throw new ApiError(413, "file_too_large", tooLarge);
  if (!plan.storageOverage && (await storageUsed(ctx.db, key.appId)) + body.size > plan.storageBytes) {
    throw new ApiError(402, "storage_limit_exceeded", MESSAGES.storageLimit);
  }
  const fileId = newFileId();
  const objectKey = buildKey(folder, fileId, body.filename);
  const row = { id: fileId, appId: key.appId, key: objectKey, originalName: body.filename, contentType: body.contentType };
  // Pending until completed; abandoned by the sweep once the URL expired plus a grace for a PUT in flight.
  const ttl = ctx.uploadUrlTtl + ctx.pendingGrace;
  await insertFile(ctx.db, { ...row, size: body.size, metadata: body.metadata ?? null, signedChecksumSha256: checksum }, ttl);
  // A checksum is signed as a header (not hoisted into the query): storage refuses a PUT without it
  // (signature) or with a body of another digest (BadDigest).
  const uploadUrl = await ctx.store.presignPut(objectKey, body.contentType, ctx.uploadUrlTtl, {
    expired: fault?.expireUrl,
    checksumSha256: checksum,
  });
  return {
    fileId,
    fileKey: objectKey,
    uploadUrl,
    expiresIn: ctx.uploadUrlTtl,
    method: "PUT",
    headers: { "Content-Type": body.contentType, ...(checksum ? { "x-amz-checksum-sha256": checksum } : {}) },
  };
}

export async function completeUpload(ctx: ServerContext, key: KeyRow, raw: unknown): Promise<Record<string, unknown>> {
  const { fileId, parts } = validateBody<{ fileId: string; parts?: CompletedPart[] }>("completeUpload", raw);
  const file = await ownedFile(ctx, key, fileId, "404");
  if (file.status === "uploaded") return fileJson(file);
  const upload = await multipartOfFile(ctx.db, file.id);
  if (upload) return completeMultipart(ctx, key, file, upload, parts);
  if (parts) throw notMultipart();
  const stored = await ctx.store.headSize(file.key);
  if (stored === null) {
    throw new ApiError(
      409,
      "upload_incomplete",
      "No object was uploaded for this file. PUT the bytes to uploadUrl, then complete.",
    );
  }
  if (stored !== file.size) {
    throw new ApiError(409, "size_mismatch", `The stored object has ${stored} bytes but ${file.size} were announced.`);
  }
  const done = await ctx.db.transaction(async (tx) => {
    const updated = await markUploaded(tx, fileId);
    if (updated) await addStorage(tx, key.appId, updated.size);
    return updated;
  });
  return fileJson(done ?? { ...file, status: "uploaded", checksumSha256: file.signedChecksumSha256 });
}
