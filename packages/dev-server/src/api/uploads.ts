import type { KeyRow } from "../db/accounts.js";
import { insertFile, markUploaded } from "../db/files.js";
import { multipartOfFile } from "../db/multipart.js";
import { addStorage, storageUsed } from "../db/usage.js";
import type { ServerContext } from "../context.js";
import type { Fault } from "../faults/grammar.js";
import { ApiError } from "../http/respond.js";
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
}

export async function createPresignedUpload(
  ctx: ServerContext,
  key: KeyRow,
  raw: unknown,
  fault: Fault | null,
): Promise<Record<string, unknown>> {
  const body = validateBody<PresignBody>("createPresignedUpload", raw);
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
  await insertFile(ctx.db, { ...row, size: body.size, metadata: body.metadata ?? null }, ctx.uploadUrlTtl + ctx.pendingGrace);
  const uploadUrl = await ctx.store.presignPut(objectKey, body.contentType, ctx.uploadUrlTtl, {
    expired: fault?.expireUrl,
  });
  return {
    fileId,
    fileKey: objectKey,
    uploadUrl,
    expiresIn: ctx.uploadUrlTtl,
    method: "PUT",
    headers: { "Content-Type": body.contentType },
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
  return fileJson(done ?? { ...file, status: "uploaded" });
}
