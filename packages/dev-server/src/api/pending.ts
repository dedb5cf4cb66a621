import type { ServerContext } from "../context.js";
import { deletePendingRow, type FileRow } from "../db/files.js";
import { endMultipart, multipartOfFile } from "../db/multipart.js";

/**
 * Abandons a pending upload, by abortUpload, deleteFile or the expiry sweep: storage frees its
 * parts (multipart) or the object already PUT (single PUT), then the row goes, so the id reads 404.
 * Storage is only charged at complete, so there is nothing to give back. Storage first: if it
 * fails, the row still points at what to free and the call can be retried. Returns false when the
 * upload was completed (or discarded) by someone else meanwhile.
 */
export async function discardPending(ctx: ServerContext, file: FileRow): Promise<boolean> {
  const multipart = await multipartOfFile(ctx.db, file.id);
  if (multipart?.state === "pending") {
    await ctx.store.multipart.abort(multipart.key, multipart.uploadId);
  } else {
    await ctx.store.remove(file.key);
  }
  return ctx.db.transaction(async (tx) => {
    const row = await deletePendingRow(tx, file.id);
    if (row && multipart) await endMultipart(tx, multipart.uploadId, "aborted");
    return row !== null;
  });
}
