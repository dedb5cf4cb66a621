// The browser / edge entry (`browser` and `default` export conditions): Blob, bytes and web streams
// as upload sources, fetch or XHR for the PUT, no environment or `.env` (pass options explicitly).
// It never imports node:* modules.

import { DilnakaCore } from "./client.js";
import type { DilnakaOptions } from "./config.js";
import type { Platform } from "./platform.js";
import type { UploadOptions } from "./upload/index.js";
import type { DilnakaFile } from "./types.js";
import { isWebReadableStream, resolveInMemorySource, unsupportedSource, type BinarySource, type ResolvedSource } from "./upload/source.js";
import { browserPut } from "./transport/browser-put.js";

/** What `upload()` accepts in browsers. */
export type UploadSource = BinarySource;

async function resolveBrowserSource(source: unknown, declaredSize: number | undefined): Promise<ResolvedSource> {
  const inMemory = resolveInMemorySource(source, declaredSize);
  if (inMemory) return inMemory;
  if (isWebReadableStream(source)) {
    if (declaredSize !== undefined) {
      return { kind: "stream", size: declaredSize, stream: source as unknown as AsyncIterable<Uint8Array>, reopenable: false };
    }
    const blob = await new Response(source).blob();
    return { kind: "blob", size: blob.size, blob, reopenable: true };
  }
  throw unsupportedSource(source);
}

function browserPlatform(): Platform {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  return {
    env,
    loadEnvFile: () => ({}),
    userAgent: undefined,
    resolveSource: resolveBrowserSource,
    put: browserPut,
  };
}

export class Dilnaka extends DilnakaCore {
  constructor(options?: DilnakaOptions) {
    super(options, browserPlatform());
  }

  /** Uploads `source` (bytes, Blob/File, web ReadableStream): presign → PUT → complete. */
  override upload(source: UploadSource, options?: UploadOptions): Promise<DilnakaFile> {
    return super.upload(source, options);
  }
}

export * from "./exports.js";
