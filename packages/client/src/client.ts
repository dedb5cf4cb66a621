// The `Dilnaka` client: configuration, the typed raw client, and one method per operation. The
// platform (Node or browser) is supplied by the entry point.

import { resolveConfig, type DilnakaOptions, type DilnakaWarning, type ResolvedConfig } from "./config.js";
import { createRetryingFetch } from "./transport/retrying-fetch.js";
import type { ApiCaller } from "./transport/api.js";
import { redactApiKey } from "./redact.js";
import { ValidationError } from "./errors.js";
import { checkOptions } from "./validate.js";
import * as files from "./files.js";
import type { AccessUrlOptions, ListFilesOptions, RequestOptions } from "./files.js";
import type { Platform } from "./platform.js";
import type {
  AbortUploadResult, CompletedPart, DeleteFileResult, DilnakaFile, FileAccessUrl, FilePage, MultipartUpload, PresignedPart, PresignedUpload, UploadPartList,
} from "./types.js";
import { upload, type UploadContext, type UploadOptions } from "./upload/index.js";
import type { StreamUploadProgress } from "./upload/progress.js";
import { presign } from "./upload/presign.js";
import { complete } from "./upload/complete.js";
import { abortUpload, createMultipart, listParts, presignParts, type CreateMultipartInput } from "./upload/multipart/api.js";
import { resumeUpload, type ResumeOptions } from "./upload/multipart/resume.js";
import { downloadBytes, downloadStream, type DownloadOptions } from "./download/index.js";

export interface PresignOptions {
  filename: string;
  contentType: string;
  size: number;
  /** Default `"uploads"`. */
  folder?: string;
  metadata?: Record<string, string>;
  /** base64 SHA-256 of the bytes: signed into the URL (`headers` then carry it), so storage refuses other bytes. */
  checksumSha256?: string;
  signal?: AbortSignal;
}

const PRESIGN_OPTIONS = ["filename", "contentType", "size", "folder", "metadata", "checksumSha256", "signal"];

export interface CreateMultipartOptions extends CreateMultipartInput {
  signal?: AbortSignal;
}

export interface PresignPartsOptions extends RequestOptions {
  /** Each part's base64 SHA-256 by part number: required by an upload created with checksumAlgorithm SHA256. */
  checksums?: Record<number, string>;
}

export interface CompleteOptions extends RequestOptions {
  /** A multipart upload's parts, ascending: each part's number and the ETag its PUT answered. */
  parts?: CompletedPart[];
}

/** Checks the required fields of a step's input, then every field against its rule. */
function checkInput<T extends object>(input: T, known: string[], required: string[], method: string): T {
  const opts = checkOptions(input, known, method);
  for (const field of required) {
    if ((opts as Record<string, unknown>)[field] === undefined) {
      throw new ValidationError(field, `${method}: ${field} is required, e.g. { filename: "a.txt", contentType: "text/plain", size: 3 }.`);
    }
  }
  return opts;
}

export class DilnakaCore<Raw extends ApiCaller = ApiCaller> {
  /** The typed JSON client (auth, User-Agent and retries included) for anything else. */
  declare readonly raw: Raw;
  readonly #config: ResolvedConfig;
  /** What every operation needs: the typed client, settings, the platform (for the entries' own methods). */
  protected declare readonly ctx: UploadContext;

  constructor(options: DilnakaOptions | undefined, platform: Platform<Raw>) {
    const config = resolveConfig(options ?? {}, platform);
    this.#config = config;
    const headers: Record<string, string> = { Authorization: `Bearer ${config.apiKey}` };
    if (platform.userAgent) headers["User-Agent"] = platform.userAgent;
    const raw = platform.createApiClient(config.baseURL, createRetryingFetch(config), headers);
    // Kept out of enumeration so logging the client shows settings, not internals.
    Object.defineProperty(this, "ctx", { value: { ...config, raw, platform } });
    Object.defineProperty(this, "raw", { value: raw });
  }

  get baseURL(): string {
    return this.#config.baseURL;
  }
  get timeout(): number {
    return this.#config.timeout;
  }
  get maxRetries(): number {
    return this.#config.maxRetries;
  }

  /** One PUT up to `multipartThreshold`, else parts in parallel; resolves with the uploaded file. */
  upload(source: unknown, options?: UploadOptions<StreamUploadProgress>): Promise<DilnakaFile> {
    return upload(this.ctx, source, options);
  }

  /** Continues a pending multipart upload with the same bytes: sends only the parts storage lacks, then completes. */
  resumeUpload(fileId: string, source: unknown, options?: ResumeOptions): Promise<DilnakaFile> {
    return resumeUpload(this.ctx, fileId, source, options);
  }

  /** Step 1 alone, for callers who PUT the bytes themselves. */
  async createPresignedUpload(input: PresignOptions): Promise<PresignedUpload> {
    const opts = checkInput(input, PRESIGN_OPTIONS, PRESIGN_OPTIONS.slice(0, 3), "createPresignedUpload");
    return presign(this.ctx, opts, opts.signal);
  }

  /** Step 3 alone: mark an upload complete (idempotent; also finishes an upload whose complete failed). */
  async completeUpload(fileId: string, options?: CompleteOptions): Promise<DilnakaFile> {
    const { params, signal, parts } = files.fileArgs("completeUpload", fileId, options, ["parts", "signal"]);
    return complete(this.ctx, params.path.fileId, signal, parts);
  }

  /** Multipart step 1: reserve a file id and start the upload (size optional for a stream). */
  async createMultipartUpload(input: CreateMultipartOptions): Promise<MultipartUpload> {
    const known = [...PRESIGN_OPTIONS.filter((o) => o !== "checksumSha256"), "partSize", "checksumAlgorithm"];
    const opts = checkInput(input, known, known.slice(0, 2), "createMultipartUpload");
    return createMultipart(this.ctx, opts, opts.signal);
  }

  /** Multipart step 2: presigned PUTs for up to 1000 parts (presign again when one expires). */
  async presignUploadParts(fileId: string, partNumbers: number[], options?: PresignPartsOptions): Promise<PresignedPart[]> {
    const { params, signal, checksums } = files.fileArgs("presignUploadParts", fileId, options, ["checksums", "signal"]);
    checkOptions({ partNumbers }, ["partNumbers"], "presignUploadParts");
    return presignParts(this.ctx, params.path.fileId, partNumbers, signal, checksums);
  }

  /** The parts storage holds for a pending multipart upload, with their ETags and sizes. */
  async listUploadParts(fileId: string, options?: RequestOptions): Promise<UploadPartList> {
    const { params, signal } = files.fileArgs("listUploadParts", fileId, options);
    return listParts(this.ctx, params.path.fileId, signal);
  }

  /** Abandons a pending upload (multipart or single PUT): its parts or bytes are freed, the id reads 404 afterwards. */
  async abortUpload(fileId: string, options?: RequestOptions): Promise<AbortUploadResult> {
    const { params, signal } = files.fileArgs("abortUpload", fileId, options);
    return abortUpload(this.ctx, params.path.fileId, signal);
  }

  /** Every file, newest first, following `nextCursor` page by page. */
  listFiles(options?: ListFilesOptions): AsyncGenerator<DilnakaFile, void, undefined> {
    return files.listFiles(this.ctx, options);
  }

  /** One page of files and the cursor of the next. */
  listFilesPage(options?: ListFilesOptions): Promise<FilePage> {
    return files.listFilesPage(this.ctx, options);
  }

  getFile(fileId: string, options?: RequestOptions): Promise<DilnakaFile> {
    return files.getFile(this.ctx, fileId, options);
  }

  deleteFile(fileId: string, options?: RequestOptions): Promise<DeleteFileResult> {
    return files.deleteFile(this.ctx, fileId, options);
  }

  /** A download URL; `expiresIn` (seconds) asks for a temporary one. */
  getFileAccessUrl(fileId: string, options?: AccessUrlOptions): Promise<FileAccessUrl> {
    return files.getFileAccessUrl(this.ctx, fileId, options);
  }

  /** The whole file in memory, its size and SHA-256 verified. */
  downloadBytes(fileId: string, options?: DownloadOptions): Promise<Uint8Array> {
    return downloadBytes(this.ctx, fileId, options);
  }

  /**
   * The file as a web stream, continued with Range requests after a reset; it errors with an
   * IntegrityError at its end on a mismatch (browsers check the size only: use downloadBytes there
   * to verify the SHA-256).
   */
  downloadStream(fileId: string, options?: DownloadOptions): Promise<ReadableStream<Uint8Array>> {
    return downloadStream(this.ctx, fileId, options, this.ctx.platform.hashesStreams);
  }

  /** The settings, never the key itself (the Node entry's `util.inspect` shows the same). */
  toJSON(): Record<string, unknown> {
    return { apiKey: redactApiKey(this.#config.apiKey), baseURL: this.baseURL, timeout: this.timeout, maxRetries: this.maxRetries };
  }
}

export type { DilnakaOptions, DilnakaWarning };
