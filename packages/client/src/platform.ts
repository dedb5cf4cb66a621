// What differs between Node and browsers, gathered in one interface. Each entry (index.ts for Node,
// browser.ts for everything else) passes its own implementation to the shared client, so the
// browser bundle never pulls in node:* modules.

import type { ConfigSources } from "./config.js";
import type { ResolvedSource } from "./upload/source.js";
import type { StorageAnswer } from "./errors.js";
import type { ApiCaller } from "./transport/api.js";
import type { StreamParts } from "./upload/multipart/stream-parts.js";
import type { StateIdentity, StateStore } from "./upload/multipart/state-file.js";

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

export interface Platform<Raw extends ApiCaller = ApiCaller> extends ConfigSources {
  userAgent: string | undefined;
  /** The typed JSON client over `fetch` (the retrying one), sending `headers` on every call. */
  createApiClient(baseUrl: string, fetch: (request: Request) => Promise<Response>, headers: Record<string, string>): Raw;
  resolveSource(source: unknown, declaredSize: number | undefined, signal: AbortSignal | undefined): Promise<ResolvedSource>;
  /** One PUT attempt; network failures reject with ConnectionError / TimeoutError / AbortError. */
  put(request: PutRequest): Promise<PutResponse>;
  // Node only (browsers collect a stream into a Blob and have no file system):
  /** Cuts a one-shot stream into parts as it arrives. */
  streamParts?(stream: AsyncIterable<Uint8Array>, partSize: number, declaredSize: number | undefined): StreamParts;
  /** Copies a stream to a temp file: only to fall back to one PUT for a stream of unknown size on a backend without multipart. */
  spool?(stream: AsyncIterable<Uint8Array>, signal: AbortSignal | undefined): Promise<ResolvedSource>;
  /** The resume state file of an upload (spec/upload-state.md). */
  stateStore?(identity: StateIdentity, stateDir: string | undefined): StateStore;
}
