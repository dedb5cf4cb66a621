// The files operations: list (following nextCursor), get, delete and access URLs.

import { unwrap, type ApiContext } from "./transport/api.js";
import { DilnakaError } from "./errors.js";
import { checkFileId, checkOptions } from "./validate.js";
import { toFile, warningOf, type CompletedPart, type DeleteFileResult, type DilnakaFile, type FileAccessUrl, type FilePage } from "./types.js";
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
  /** `uploaded` (the default of backends with multipart), `pending` (not completed yet) or `all`. */
  status?: "uploaded" | "pending" | "all";
}
export interface AccessUrlOptions extends RequestOptions {
  /** Lifetime of a temporary URL in seconds (1-604800). Omit for the app's default. */
  expiresIn?: number;
}

const LIST_OPTIONS = ["limit", "cursor", "status", "signal"];

export async function listFilesPage(ctx: ApiContext, options?: ListFilesOptions): Promise<FilePage> {
  const { limit, cursor, status, signal } = checkOptions(options, LIST_OPTIONS, "listFiles");
  const data: unknown = await unwrap(ctx.raw.GET("/v1/files", { params: { query: { limit, cursor, status } }, signal }), ctx);
  // Older backends answer with a bare array (no pagination); ours with {files, nextCursor}.
  const page = (Array.isArray(data) ? { files: data } : data) as components["schemas"]["FileList"];
  return { files: (page.files ?? []).map(toFile), nextCursor: page.nextCursor || null };
}

/** Every file, page by page, following `nextCursor` until the last page. */
export async function* listFiles(ctx: ApiContext, options?: ListFilesOptions): AsyncGenerator<DilnakaFile, void, undefined> {
  let next: ListFilesOptions = { ...checkOptions(options, LIST_OPTIONS, "listFiles") };
  const seen = new Set<string>();
  for (;;) {
    const { files, nextCursor } = await listFilesPage(ctx, next);
    yield* files;
    if (!nextCursor) return;
    // A backend that hands back a cursor it already gave would loop forever.
    if (seen.has(nextCursor)) {
      throw new DilnakaError(`listFiles: the API returned cursor "${nextCursor}" twice`, { code: "cursor_loop" });
    }
    seen.add(nextCursor);
    next = { ...next, cursor: nextCursor };
  }
}

/** The checked `fileId` as openapi-fetch path params, and the checked options. */
export function fileArgs(
  method: string,
  fileId: unknown,
  options: (AccessUrlOptions & { parts?: CompletedPart[]; checksums?: Record<number, string> }) | undefined,
  known = ["signal"],
): { params: { path: { fileId: string } }; signal?: AbortSignal; expiresIn?: number; parts?: CompletedPart[]; checksums?: Record<number, string> } {
  return { params: { path: { fileId: checkFileId(fileId, method) } }, ...checkOptions(options, known, method) };
}

/**
 * A failed call about one file carries that file's id (`error.fileId`), as upload errors do once
 * the id is known, so the caller can tell which file of many failed (spec/faults/faults.json).
 */
function aboutFile<T>(fileId: string, call: Promise<T>): Promise<T> {
  return call.catch((error: unknown) => {
    if (error instanceof DilnakaError && error.fileId === undefined) error.fileId = fileId;
    throw error;
  });
}

export async function getFile(ctx: ApiContext, fileId: string, options?: RequestOptions): Promise<DilnakaFile> {
  const args = fileArgs("getFile", fileId, options);
  return toFile(await aboutFile(fileId, unwrap(ctx.raw.GET("/v1/files/{fileId}", args), ctx)));
}

export async function deleteFile(ctx: ApiContext, fileId: string, options?: RequestOptions): Promise<DeleteFileResult> {
  const args = fileArgs("deleteFile", fileId, options);
  const { success, fileId: id, deleted } = await aboutFile(fileId, unwrap(ctx.raw.DELETE("/v1/files/{fileId}", args), ctx));
  return { success, fileId: id, deleted };
}

export async function getFileAccessUrl(ctx: ApiContext, fileId: string, options?: AccessUrlOptions): Promise<FileAccessUrl> {
  const { params, expiresIn, signal } = fileArgs("getFileAccessUrl", fileId, options, ["expiresIn", "signal"]);
  const data = await aboutFile(fileId, unwrap(ctx.raw.GET("/v1/files/{fileId}/access-url", { params: { ...params, query: { expiresIn } }, signal }), ctx));
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
