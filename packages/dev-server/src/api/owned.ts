import type { KeyRow } from "../db/accounts.js";
import { findFile, type FileRow } from "../db/files.js";
import type { ServerContext } from "../context.js";
import { ApiError } from "../http/respond.js";
import { expireIfDue } from "./expiry.js";

export const notFound = () => new ApiError(404, "not_found", "File not found.");

/** Every file id the server issues has this shape (the spec's FileId path parameter). */
export const FILE_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * The file if it exists, belongs to the key's app and has not expired (an expired pending upload
 * is abandoned here and reads 404). Another app's file is `404` where the spec has no 403
 * (getFile, completeUpload), `403 forbidden` where it does.
 */
export async function ownedFile(ctx: ServerContext, key: KeyRow, fileId: string, otherApp: "404" | "403"): Promise<FileRow> {
  // An id from a JSON body (completeUpload) can hold anything, NUL included, which PostgreSQL
  // refuses as text (that was a 500): no issued id looks like that, so it is simply not found.
  if (!FILE_ID.test(fileId)) throw notFound();
  const file = await findFile(ctx.db, fileId);
  if (!file) throw notFound();
  if (file.appId !== key.appId) {
    if (otherApp === "404") throw notFound();
    throw new ApiError(403, "forbidden", "This API key does not have access to this file.");
  }
  if (await expireIfDue(ctx, file)) throw notFound();
  return file;
}

export function requireWrite(key: KeyRow, action: string): void {
  if (!key.canWrite) throw new ApiError(403, "forbidden", `This API key may only read files, not ${action}.`);
}
