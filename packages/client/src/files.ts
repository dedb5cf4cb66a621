// The files operations: list (following nextCursor), get, delete and access URLs.

import { unwrap, type ApiContext } from "./transport/api.js";
import { DilnakaError, ValidationError } from "./errors.js";
import { checkFileId, checkOptions, checkPositiveInteger, checkSignal } from "./validate.js";
import { toFile, warningOf, type DeleteFileResult, type DilnakaFile, type FileAccessUrl, type FilePage } from "./types.js";
import type { components } from "./generated/schema.js";

export type { ApiContext };

export interface RequestOptions {
  signal?: AbortSignal;
}
export interface ListFilesOptions extends RequestOptions {
  /** Files per page (1-1000); the iterator fetches pages of this size until the last one. */
  limit?: number;
  /** Start after this cursor (a previous page's `nextCursor`). */
  cursor?: string;
}
export interface AccessUrlOptions extends RequestOptions {
  /** Lifetime of a temporary URL in seconds (1-604800). Omit for the app's default. */
  expiresIn?: number;
}

const MAX_EXPIRES_IN = 604_800;

export async function listFilesPage(ctx: ApiContext, options?: ListFilesOptions): Promise<FilePage> {
  const { limit, cursor, signal } = checkOptions(options, ["limit", "cursor", "signal"], "listFiles");
  const query: { limit?: number; cursor?: string } = {};
  if (limit !== undefined) query.limit = checkPositiveInteger(limit, "limit", "listFiles", 1000);
  if (cursor !== undefined) {
    if (typeof cursor !== "string" || cursor === "") throw new ValidationError("cursor", "listFiles: cursor must be the non-empty nextCursor of a previous page.");
    query.cursor = cursor;
  }
  const data: unknown = await unwrap(
    ctx.raw.GET("/v1/files", { params: { query }, signal: checkSignal(signal, "listFiles") }),
    ctx,
  );
  // Older backends answer with a bare array (no pagination); ours with {files, nextCursor}.
  if (Array.isArray(data)) return { files: data.map(toFile), nextCursor: null };
  const page = data as components["schemas"]["FileList"];
  return { files: (page.files ?? []).map(toFile), nextCursor: page.nextCursor || null };
}

/** Every file, page by page, following `nextCursor` until the last page. */
export async function* listFiles(ctx: ApiContext, options?: ListFilesOptions): AsyncGenerator<DilnakaFile, void, undefined> {
  let next: ListFilesOptions = { ...checkOptions(options, ["limit", "cursor", "signal"], "listFiles") };
  const seen = new Set<string>();
  for (;;) {
    const page = await listFilesPage(ctx, next);
    yield* page.files;
    if (!page.nextCursor) return;
    // A backend that hands back a cursor it already gave would loop forever.
    if (seen.has(page.nextCursor)) {
      throw new DilnakaError(`listFiles: the API returned cursor "${page.nextCursor}" twice`, { code: "cursor_loop" });
    }
    seen.add(page.nextCursor);
    next = { ...next, cursor: page.nextCursor };
  }
}

export async function getFile(ctx: ApiContext, fileId: string, options?: RequestOptions): Promise<DilnakaFile> {
  const id = checkFileId(fileId, "getFile");
  const { signal } = checkOptions(options, ["signal"], "getFile");
  const data = await unwrap(
    ctx.raw.GET("/v1/files/{fileId}", { params: { path: { fileId: id } }, signal: checkSignal(signal, "getFile") }),
    ctx,
  );
  return toFile(data);
}

export async function deleteFile(ctx: ApiContext, fileId: string, options?: RequestOptions): Promise<DeleteFileResult> {
  const id = checkFileId(fileId, "deleteFile");
  const { signal } = checkOptions(options, ["signal"], "deleteFile");
  const data = await unwrap(
    ctx.raw.DELETE("/v1/files/{fileId}", { params: { path: { fileId: id } }, signal: checkSignal(signal, "deleteFile") }),
    ctx,
  );
  return { success: data.success, fileId: data.fileId, deleted: data.deleted };
}

export async function getFileAccessUrl(ctx: ApiContext, fileId: string, options?: AccessUrlOptions): Promise<FileAccessUrl> {
  const id = checkFileId(fileId, "getFileAccessUrl");
  const { expiresIn, signal } = checkOptions(options, ["expiresIn", "signal"], "getFileAccessUrl");
  const query: { expiresIn?: number } = {};
  if (expiresIn !== undefined) query.expiresIn = checkPositiveInteger(expiresIn, "expiresIn", "getFileAccessUrl", MAX_EXPIRES_IN);
  const data = await unwrap(
    ctx.raw.GET("/v1/files/{fileId}/access-url", {
      params: { path: { fileId: id }, query },
      signal: checkSignal(signal, "getFileAccessUrl"),
    }),
    ctx,
  );
  const seconds = data.expiresIn ?? null;
  const result: FileAccessUrl = {
    fileId: data.fileId,
    url: data.url,
    expiresIn: seconds,
    // The backend's flag when it sends one; otherwise a URL with a lifetime is temporary.
    isTemporary: typeof data.isTemporary === "boolean" ? data.isTemporary : seconds !== null,
  };
  const warning = warningOf(data); // already reported to onWarning by unwrap
  if (warning) result.warning = warning;
  return result;
}
