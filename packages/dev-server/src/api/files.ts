import type { KeyRow } from "../db/accounts.js";
import { deleteFileRow, listFiles as listRows, type StatusFilter } from "../db/files.js";
import { addBandwidth, addStorage, bandwidthUsedForUpdate, billingMonth } from "../db/usage.js";
import type { ServerContext } from "../context.js";
import type { Fault } from "../faults/grammar.js";
import { ApiError } from "../http/respond.js";
import { parseQuery } from "../spec/openapi.js";
import { fileJson } from "./file-json.js";
import { sweepExpired } from "./expiry.js";
import { ownedFile, requireWrite } from "./owned.js";
import { discardPending } from "./pending.js";
import { MESSAGES, PLANS, decideBandwidth } from "./plans.js";

const encodeCursor = (seq: number) => Buffer.from(`seq:${seq}`).toString("base64url");

function decodeCursor(cursor: string): number {
  const m = /^seq:(\d{1,15})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!m) throw new ApiError(400, "invalid_request", "cursor: pass the nextCursor of the previous page unchanged.");
  return Number(m[1]);
}

const QUERY_PROBLEM: Record<string, string> = {
  limit: "limit must be an integer between 1 and 1000.",
  status: "status must be uploaded, pending or all.",
};

export async function listFiles(ctx: ServerContext, key: KeyRow, query: URLSearchParams) {
  const q = parseQuery("listFiles", query);
  if (!q.ok) throw new ApiError(400, "invalid_request", QUERY_PROBLEM[q.name] ?? `${q.name} is invalid.`);
  const limit = (q.values.limit as number | undefined) ?? 100;
  const cursor = q.values.cursor as string | undefined;
  // Without the multipart extension the server acts as an older backend: every file, `status` ignored.
  const status: StatusFilter = ctx.multipart ? ((q.values.status as StatusFilter | undefined) ?? "uploaded") : "all";
  await sweepExpired(ctx, key.appId);
  const page = await listRows(ctx.db, key.appId, limit, cursor ? decodeCursor(cursor) : null, status);
  const last = page.files[page.files.length - 1];
  return { files: page.files.map(fileJson), nextCursor: page.more && last ? encodeCursor(last.seq) : null };
}

export async function getFile(ctx: ServerContext, key: KeyRow, fileId: string) {
  return fileJson(await ownedFile(ctx, key, fileId, "404"));
}

/**
 * Signs a GET URL. Bandwidth is charged here, by file size, when the download is authorised (see
 * README "How bandwidth is counted"): check and charge happen in one transaction.
 */
export async function getFileAccessUrl(
  ctx: ServerContext,
  key: KeyRow,
  fileId: string,
  query: URLSearchParams,
  fault: Fault | null,
) {
  const q = parseQuery("getFileAccessUrl", query);
  if (!q.ok) throw new ApiError(400, "invalid_request", "expiresIn must be an integer between 1 and 604800.");
  const expiresIn = (q.values.expiresIn as number | undefined) ?? ctx.defaultAccessTtl;
  const file = await ownedFile(ctx, key, fileId, "403");
  if (file.status !== "uploaded") throw new ApiError(409, "file_not_uploaded", "This file has not been completed yet.");
  const plan = PLANS[key.plan];
  const decision = await ctx.db.transaction(async (tx) => {
    const month = billingMonth();
    const used = await bandwidthUsedForUpdate(tx, key.appId, month);
    const d = decideBandwidth(plan, used, file.size);
    if (d === "ok" || d === "overage") await addBandwidth(tx, key.appId, month, file.size);
    return d;
  });
  if (decision === "limit_exceeded") throw new ApiError(402, "bandwidth_limit_exceeded", MESSAGES.bandwidthLimit);
  if (decision === "hard_cap") throw new ApiError(402, "bandwidth_hard_cap_reached", MESSAGES.bandwidthHardCap);
  const url = await ctx.store.presignGet(file.key, expiresIn, { expired: fault?.expireUrl });
  const warning =
    decision === "overage" ? { success: true, warning: "bandwidth_overage_active", message: MESSAGES.bandwidthOverage } : {};
  return { ...warning, fileId: file.id, url, expiresIn, isTemporary: true };
}

export async function deleteFile(ctx: ServerContext, key: KeyRow, fileId: string) {
  const file = await ownedFile(ctx, key, fileId, "403");
  requireWrite(key, "delete them");
  // A pending upload is abandoned as abortUpload would (a multipart one frees its parts).
  if (file.status === "pending" && (await discardPending(ctx, file))) return { success: true, fileId: file.id, deleted: true };
  // Metadata first, then the object. The other order let a crash between the two leave a listed
  // file whose bytes were gone (found by load-kill9 on PostgreSQL); this one can at worst leave
  // unlisted bytes in the store, which no client can see and the usage counter no longer counts.
  await ctx.db.transaction(async (tx) => {
    const row = await deleteFileRow(tx, file.id);
    if (row?.status === "uploaded") await addStorage(tx, key.appId, -row.size);
  });
  await ctx.store.remove(file.key);
  return { success: true, fileId: file.id, deleted: true };
}
