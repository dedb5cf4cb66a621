// What differs between Node and browsers, gathered in one interface. Each entry (index.ts for Node,
// browser.ts for everything else) passes its own implementation to the shared client, so the
// browser bundle never pulls in node:* modules.

import type { ConfigSources } from "./config.js";
import type { ResolvedSource } from "./upload/source.js";
import type { StorageAnswer } from "./errors.js";
import type { ApiCaller } from "./transport/api.js";
import type { uploadMultipart } from "./upload/multipart/upload.js";
import type { CreateSha256 } from "./integrity/checksum.js";

export interface PutRequest {
  url: string;
  /** Exactly the presign headers (the transport adds Content-Length where it must). */
  headers: Record<string, string>;
  source: ResolvedSource;
  /** Called with the running total of bytes sent by this attempt. */
  onBytes: ((loaded: number) => void) | undefined;
  signal: AbortSignal | undefined;
  /** Milliseconds without progress (connect included) before the attempt fails. */
  timeout: number;
  fetch: typeof fetch;
}

export type PutResponse = StorageAnswer;

export interface GetRequest {
  url: string;
  /** `Range` when a download continues. */
  headers: Record<string, string>;
  signal: AbortSignal | undefined;
  /** Milliseconds without progress (connect and body included) before the attempt fails. */
  timeout: number;
  fetch: typeof fetch;
}

export interface GetResponse {
  status: number;
  headers: StorageAnswer["headers"];
  /** The body as it arrives; a broken connection makes the iteration throw (any error). */
  body: AsyncIterable<Uint8Array>;
}

export interface Platform<Raw extends ApiCaller = ApiCaller> extends ConfigSources {
  userAgent: string | undefined;
  /** The typed JSON client over `fetch` (the retrying one), sending `headers` on every call. */
  createApiClient(baseUrl: string, fetch: (request: Request) => Promise<Response>, headers: Record<string, string>): Raw;
  resolveSource(source: unknown, declaredSize: number | undefined, signal: AbortSignal | undefined): Promise<ResolvedSource>;
  /** One PUT attempt; network failures reject with ConnectionError / TimeoutError / AbortError. */
  put(request: PutRequest): Promise<PutResponse>;
  /**
   * The multipart flow. Node's adds one-shot streams (cut into parts as they arrive) and resume
   * state files around the shared one; browsers, which collect a stream into a Blob and have no
   * file system, use the shared one as it is.
   */
  uploadMultipart: typeof uploadMultipart;
  /** One GET attempt of a download (answers of any status; network failures before the answer reject typed). */
  get(request: GetRequest): Promise<GetResponse>;
  /** An incremental SHA-256 (node:crypto; crypto.subtle over the kept chunks in browsers). */
  sha256: CreateSha256;
  /** base64 SHA-256 of an upload source that can be read again (a file, a part's range, bytes, a Blob). */
  digest(source: ResolvedSource): Promise<string>;
  /** Node: a one-shot stream written to a temp file, so it can be hashed before its PUT (`checksum: "sha256"`). */
  spool?: (stream: AsyncIterable<Uint8Array>, signal: AbortSignal | undefined) => Promise<ResolvedSource>;
  /** Whether `sha256` hashes in flat memory, so a streamed download can be verified (not crypto.subtle). */
  hashesStreams: boolean;
}
