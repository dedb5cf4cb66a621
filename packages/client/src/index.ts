// The Node entry (`node` export condition): file paths and Node streams as upload sources, the
// streaming node:http PUT, process.env and `.env`. Importing it does nothing until `new Dilnaka()`.

import { resolve } from "node:path";
import { inspect, type InspectOptions } from "node:util";
import { DilnakaCore } from "./client.js";
import type { DilnakaOptions } from "./config.js";
import { loadEnvFile } from "./env-file.js";
import type { Platform } from "./platform.js";
import { nodeDigest, nodeSha256 } from "./integrity/sha256-node.js";
import type { UploadOptions } from "./upload/index.js";
import type { StreamUploadProgress, UploadProgress } from "./upload/progress.js";
import type { BinarySource } from "./upload/source.js";
import type { DilnakaFile } from "./types.js";
import { resolveNodeSource, spoolToTempFile } from "./upload/source-node.js";
import { uploadMultipartNode } from "./upload/multipart/upload-node.js";
import { nodePut } from "./transport/node-put.js";
import { nodeGet } from "./transport/node-get.js";
import { downloadToPath, type DownloadToPathOptions } from "./download/to-path.js";
import type { DownloadResult } from "./download/index.js";
import { uploadDirectory, type DirectoryUploadOptions, type DirectoryUploadResult, type DirectoryProgress } from "./upload/directory/index.js";
import { createOpenapiClient, type RawClient } from "./transport/openapi-client.js";
import type { Readable } from "node:stream";

/** What `upload()` accepts in Node. */
export type UploadSource = string | URL | BinarySource | Readable;

/** What `onProgress` receives for `S`: a stream's total may be unknown until the end. */
export type ProgressOf<S> = [Extract<S, Readable | ReadableStream>] extends [never] ? UploadProgress : StreamUploadProgress;

function nodePlatform(): Platform<RawClient> {
  return {
    env: process.env,
    loadEnvFile,
    userAgent: `dilnaka-typescript/${__SDK_VERSION__} node/${process.versions.node}`,
    createApiClient: createOpenapiClient,
    resolveSource: resolveNodeSource,
    put: nodePut,
    uploadMultipart: uploadMultipartNode,
    sha256: nodeSha256,
    hashesStreams: true,
    digest: nodeDigest,
    spool: spoolToTempFile,
    get: nodeGet,
  };
}

export class Dilnaka extends DilnakaCore<RawClient> {
  constructor(options?: DilnakaOptions) {
    super(options, nodePlatform());
  }

  /**
   * Uploads `source` (a path, bytes, Blob, web or Node stream): one streamed PUT up to
   * `multipartThreshold` (64 MiB), else parts in parallel (`partSize`, `concurrency`), resumable
   * after a crash for paths with `resume: true`. Resolves with the stored file.
   */
  override upload<S extends UploadSource>(source: S, options?: UploadOptions<ProgressOf<S>>): Promise<DilnakaFile> {
    return super.upload(source, options as UploadOptions<StreamUploadProgress>);
  }

  /**
   * Streams the file to `destination` (a path, or a directory to keep its name in): written to a
   * temp file beside it, fsynced, verified (size, SHA-256) and only then renamed into place. A
   * connection reset continues with a Range request. Resolves with `{ fileId, path, size, checksumSha256, file }`.
   */
  download(fileId: string, destination: string | URL, options?: DownloadToPathOptions): Promise<DownloadResult> {
    return downloadToPath(this.ctx, fileId, destination, options);
  }

  /**
   * Uploads every file of `dir` (sorted, symlinks followed only inside it), `concurrency` files at
   * once, each to `folder/<its relative directory>`. One failure never stops the others: resolves
   * with `{ uploaded: [{ path, file }], failed: [{ path, error }] }`.
   */
  uploadDirectory(dir: string | URL, options?: DirectoryUploadOptions): Promise<DirectoryUploadResult> {
    return uploadDirectory(this.ctx, dir, options);
  }

  /** What `console.log(client)` and `util.inspect(client)` show: the settings, never the key itself. */
  [inspect.custom](_depth: number, options: InspectOptions): string {
    return `Dilnaka ${inspect(this.toJSON(), options)}`;
  }
}

export * from "./exports.js";
/** `client.raw` in Node: the full openapi-fetch client over the generated `paths`. */
export type { RawClient };
export type { DownloadToPathOptions, DirectoryUploadOptions, DirectoryUploadResult, DirectoryProgress };
/**
 * The key-less upload through an upload route (`@dilnaka/client/server`), here too: for Node-side
 * callers of an app's route, and so that pages type-checked with the Node declarations see it.
 */
export { upload } from "./browser-uploader.js";
export type { RouteUploadOptions } from "./browser-uploader.js";
