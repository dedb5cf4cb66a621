import type { KeyRow } from "../db/accounts.js";
import { findFile, insertFile, markUploaded } from "../db/files.js";
import { addStorage, storageUsed } from "../db/usage.js";
import type { ServerContext } from "../context.js";
import type { Fault } from "../faults/grammar.js";
import { ApiError } from "../http/respond.js";
import { describeError, requestBodyValidator } from "../spec/openapi.js";
import { fileJson } from "./file-json.js";
import { buildKey, checkContentType, checkFilename, newFileId, normaliseFolder } from "./naming.js";
import { MESSAGES, PLANS, formatGb } from "./plans.js";

interface PresignBody {
  filename: string;
  contentType: string;
  size: number;
  folder?: string;
  metadata?: Record<string, string>;
}

/** Validates a JSON body against the operation's request schema in the spec (422 when it fails). */
export function validateBody<T>(operationId: string, body: unknown): T {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ApiError(400, "invalid_request", "The request body must be a JSON object.");
  }
  const validate = requestBodyValidator(operationId);
  if (!validate(body)) throw new ApiError(422, "validation_error", describeError(validate.errors));
  return body as T;
}

export async function createPresignedUpload(
  ctx: ServerContext,
  key: KeyRow,
  raw: unknown,
  fault: Fault | null,
): Promise<Record<string, unknown>> {
  const body = validateBody<PresignBody>("createPresignedUpload", raw);
  if (!key.canWrite) throw new ApiError(403, "forbidden", "This API key may only read files, not upload them.");
  checkFilename(body.filename);
  checkContentType(body.contentType);
  const folder = normaliseFolder(body.folder ?? "uploads");
  const plan = PLANS[key.plan];
  if (body.size > plan.maxFileBytes) {
    throw new ApiError(413, "file_too_large", `Files on the ${plan.label} plan are limited to ${formatGb(plan.maxFileBytes)}.`);
  }
  if (!plan.storageOverage && (await storageUsed(ctx.db, key.appId)) + body.size > plan.storageBytes) {
    throw new ApiError(402, "storage_limit_exceeded", MESSAGES.storageLimit);
  }
  const fileId = newFileId();
  const objectKey = buildKey(folder, fileId, body.filename);
  await insertFile(ctx.db, {
    id: fileId,
    appId: key.appId,
    key: objectKey,
    originalName: body.filename,
    contentType: body.contentType,
    size: body.size,
    metadata: body.metadata ?? null,
  });
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
  const { fileId } = validateBody<{ fileId: string }>("completeUpload", raw);
  const file = await findFile(ctx.db, fileId);
  if (!file || file.appId !== key.appId) throw new ApiError(404, "not_found", "File not found.");
  if (file.status === "uploaded") return fileJson(file);
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
