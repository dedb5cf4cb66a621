// The `Dilnaka` client: configuration, the typed raw client, and one method per operation. The
// platform (Node or browser) is supplied by the entry point.

import { resolveConfig, type DilnakaOptions, type DilnakaWarning, type ResolvedConfig } from "./config.js";
import { createApiClient, type RawClient } from "./transport/api.js";
import { redactApiKey } from "./redact.js";
import { ValidationError } from "./errors.js";
import { checkFileFields, checkFileId, checkOptions, checkSignal } from "./validate.js";
import * as files from "./files.js";
import type { AccessUrlOptions, ApiContext, ListFilesOptions, RequestOptions } from "./files.js";
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

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

export class DilnakaCore {
  /** The typed openapi-fetch client (auth, User-Agent and retries included) for anything else. */
  readonly raw: RawClient;
  readonly #config: ResolvedConfig;
  readonly #api: ApiContext;
  readonly #upload: UploadContext;

  constructor(options: DilnakaOptions | undefined, platform: Platform) {
    this.#config = resolveConfig(options ?? {}, platform);
    this.raw = createApiClient(this.#config, platform.userAgent);
    this.#api = { raw: this.raw, apiKey: this.#config.apiKey, onWarning: this.#config.onWarning };
    this.#upload = {
      api: this.#api,
      platform,
      timeout: this.#config.timeout,
      maxRetries: this.#config.maxRetries,
      fetch: this.#config.fetch,
    };
    // Keep `raw` out of enumeration so logging the client shows settings, not internals.
    Object.defineProperty(this, "raw", { enumerable: false });
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
    return upload(this.#upload, source, options);
  }

  /** Step 1 alone, for callers who PUT the bytes themselves. */
  async createPresignedUpload(input: PresignOptions): Promise<PresignedUpload> {
    const method = "createPresignedUpload";
    const opts = checkOptions(input, ["filename", "contentType", "size", "folder", "metadata", "signal"], method);
    for (const field of ["filename", "contentType", "size"] as const) {
      if (opts[field] === undefined) throw new ValidationError(field, `${method}: ${field} is required, e.g. { filename: "a.txt", contentType: "text/plain", size: 3 }.`);
    }
    checkFileFields(opts, method);
    const signal = checkSignal(opts.signal, "createPresignedUpload");
    return presign(this.#api, { ...opts, folder: opts.folder ?? "uploads" }, signal);
  }

  /** Step 3 alone: mark an upload complete (idempotent; also finishes an upload whose complete failed). */
  async completeUpload(fileId: string, options?: RequestOptions): Promise<DilnakaFile> {
    const id = checkFileId(fileId, "completeUpload");
    const { signal } = checkOptions(options, ["signal"], "completeUpload");
    return complete(this.#api, id, checkSignal(signal, "completeUpload"));
  }

  /** Every file, newest first, following `nextCursor` page by page. */
  listFiles(options?: ListFilesOptions): AsyncGenerator<DilnakaFile, void, undefined> {
    return files.listFiles(this.#api, options);
  }

  /** One page of files and the cursor of the next. */
  listFilesPage(options?: ListFilesOptions): Promise<FilePage> {
    return files.listFilesPage(this.#api, options);
  }

  getFile(fileId: string, options?: RequestOptions): Promise<DilnakaFile> {
    return files.getFile(this.#api, fileId, options);
  }

  deleteFile(fileId: string, options?: RequestOptions): Promise<DeleteFileResult> {
    return files.deleteFile(this.#api, fileId, options);
  }

  /** A download URL; `expiresIn` (seconds) asks for a temporary one. */
  getFileAccessUrl(fileId: string, options?: AccessUrlOptions): Promise<FileAccessUrl> {
    return files.getFileAccessUrl(this.#api, fileId, options);
  }

  /** What `console.log(client)` and `util.inspect(client)` show: never the key itself. */
  [INSPECT](): string {
    return `Dilnaka { apiKey: '${redactApiKey(this.#config.apiKey)}', baseURL: '${this.baseURL}', timeout: ${this.timeout}, maxRetries: ${this.maxRetries} }`;
  }

  toJSON(): Record<string, unknown> {
    return { apiKey: redactApiKey(this.#config.apiKey), baseURL: this.baseURL, timeout: this.timeout, maxRetries: this.maxRetries };
  }
}

export type { DilnakaOptions, DilnakaWarning };
