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
import type { DeleteFileResult, DilnakaFile, FileAccessUrl, FilePage, PresignedUpload } from "./types.js";
import { upload, type UploadContext, type UploadOptions } from "./upload/index.js";
import { presign } from "./upload/presign.js";
import { complete } from "./upload/complete.js";

export interface PresignOptions {
  filename: string;
  contentType: string;
  size: number;
  /** Default `"uploads"`. */
  folder?: string;
  metadata?: Record<string, string>;
  signal?: AbortSignal;
}

const PRESIGN_OPTIONS = ["filename", "contentType", "size", "folder", "metadata", "signal"];

export class DilnakaCore<Raw extends ApiCaller = ApiCaller> {
  /** The typed JSON client (auth, User-Agent and retries included) for anything else. */
  declare readonly raw: Raw;
  readonly #config: ResolvedConfig;
  /** What every operation needs: the typed client, settings, the platform. */
  readonly #ctx: UploadContext;

  constructor(options: DilnakaOptions | undefined, platform: Platform<Raw>) {
    const config = resolveConfig(options ?? {}, platform);
    this.#config = config;
    const headers: Record<string, string> = { Authorization: `Bearer ${config.apiKey}` };
    if (platform.userAgent) headers["User-Agent"] = platform.userAgent;
    const raw = platform.createApiClient(config.baseURL, createRetryingFetch(config), headers);
    this.#ctx = { ...config, raw, platform };
    // Keep `raw` out of enumeration so logging the client shows settings, not internals.
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

  /** Presign → PUT (streamed, with progress) → complete. Resolves with the uploaded file. */
  upload(source: unknown, options?: UploadOptions): Promise<DilnakaFile> {
    return upload(this.#ctx, source, options);
  }

  /** Step 1 alone, for callers who PUT the bytes themselves. */
  async createPresignedUpload(input: PresignOptions): Promise<PresignedUpload> {
    const method = "createPresignedUpload";
    const opts = checkOptions(input, PRESIGN_OPTIONS, method);
    for (const field of PRESIGN_OPTIONS.slice(0, 3) as Array<"filename" | "contentType" | "size">) {
      if (opts[field] === undefined) throw new ValidationError(field, `${method}: ${field} is required, e.g. { filename: "a.txt", contentType: "text/plain", size: 3 }.`);
    }
    return presign(this.#ctx, opts, opts.signal);
  }

  /** Step 3 alone: mark an upload complete (idempotent; also finishes an upload whose complete failed). */
  async completeUpload(fileId: string, options?: RequestOptions): Promise<DilnakaFile> {
    const { params, signal } = files.fileArgs("completeUpload", fileId, options);
    return complete(this.#ctx, params.path.fileId, signal);
  }

  /** Every file, newest first, following `nextCursor` page by page. */
  listFiles(options?: ListFilesOptions): AsyncGenerator<DilnakaFile, void, undefined> {
    return files.listFiles(this.#ctx, options);
  }

  /** One page of files and the cursor of the next. */
  listFilesPage(options?: ListFilesOptions): Promise<FilePage> {
    return files.listFilesPage(this.#ctx, options);
  }

  getFile(fileId: string, options?: RequestOptions): Promise<DilnakaFile> {
    return files.getFile(this.#ctx, fileId, options);
  }

  deleteFile(fileId: string, options?: RequestOptions): Promise<DeleteFileResult> {
    return files.deleteFile(this.#ctx, fileId, options);
  }

  /** A download URL; `expiresIn` (seconds) asks for a temporary one. */
  getFileAccessUrl(fileId: string, options?: AccessUrlOptions): Promise<FileAccessUrl> {
    return files.getFileAccessUrl(this.#ctx, fileId, options);
  }

  /** The settings, never the key itself (the Node entry's `util.inspect` shows the same). */
  toJSON(): Record<string, unknown> {
    return { apiKey: redactApiKey(this.#config.apiKey), baseURL: this.baseURL, timeout: this.timeout, maxRetries: this.maxRetries };
  }
}

export type { DilnakaOptions, DilnakaWarning };
