// The browser / edge entry (`browser` and `default` export conditions): Blob, bytes and web streams
// as upload sources, fetch or XHR for the PUT, no environment or `.env` (pass options explicitly).
// It never imports node:* modules.

import { DilnakaCore } from "./client.js";
import type { DilnakaOptions } from "./config.js";
import type { Platform } from "./platform.js";
import { browserSha256 } from "./integrity/sha256-browser.js";
import { digestInMemory } from "./integrity/checksum.js";
import type { UploadOptions } from "./upload/index.js";
import type { StreamUploadProgress, UploadProgress } from "./upload/progress.js";
import type { DilnakaFile } from "./types.js";
import { isWebReadableStream, resolveInMemorySource, unsupportedSource, type BinarySource, type ResolvedSource } from "./upload/source.js";
import { browserPut } from "./transport/browser-put.js";
import { browserGet } from "./transport/browser-get.js";
import { uploadMultipart } from "./upload/multipart/upload.js";
import { createFetchClient } from "./transport/fetch-client.js";
import type { ApiCaller } from "./transport/api.js";

/** What `upload()` accepts in browsers. */
export type UploadSource = BinarySource;

/**
 * Browsers can't stream a request body over HTTP/1.1, so a web stream is collected once into a
 * Blob here: its size is then known for the presign, and a failed PUT can be retried.
 */
async function resolveBrowserSource(source: unknown, declaredSize: number | undefined): Promise<ResolvedSource> {
  const bytes = isWebReadableStream(source) ? await new Response(source).blob() : source;
  const resolved = resolveInMemorySource(bytes, declaredSize);
  if (!resolved) throw unsupportedSource(source);
  return resolved;
}

function browserPlatform(): Platform {
  return {
    // Bundlers may define process.env; the explicit options come first anyway.
    env: (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {},
    loadEnvFile: () => ({ values: {} }),
    userAgent: undefined,
    createApiClient: createFetchClient,
    resolveSource: resolveBrowserSource,
    put: browserPut,
    uploadMultipart,
    sha256: browserSha256,
    hashesStreams: false,
    digest: async (source) => (await digestInMemory(browserSha256, source))!,
    get: browserGet,
  };
}

export class Dilnaka extends DilnakaCore<ApiCaller> {
  constructor(options?: DilnakaOptions) {
    super(options, browserPlatform());
  }

  /** Uploads `source` (bytes, Blob/File, web ReadableStream): one PUT, or Blob.slice parts above `multipartThreshold`. */
  override upload(source: UploadSource, options?: UploadOptions<UploadProgress>): Promise<DilnakaFile> {
    return super.upload(source, options as UploadOptions<StreamUploadProgress>);
  }
}

export * from "./exports.js";
/** `client.raw` in browsers: openapi-fetch's GET, POST and DELETE over the generated `paths`. */
export type { ApiCaller as RawClient };
/** The key-less upload through your app's upload route (see `@dilnaka/client/server`). */
export { upload } from "./browser-uploader.js";
export type { RouteUploadOptions } from "./browser-uploader.js";
