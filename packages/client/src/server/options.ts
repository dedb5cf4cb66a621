// The route's options, checked once when the route is made (a short secret or a missing policy is
// a programming error, thrown as ValidationError before any request is served).

import { Dilnaka } from "../browser.js";
import type { DilnakaOptions } from "../config.js";
import { ConfigError, ValidationError } from "../errors.js";
import type { AbortUploadResult, DilnakaFile, MultipartUpload, PresignedPart, PresignedUpload } from "../types.js";
import type { PresignOptions, CreateMultipartOptions, CompleteOptions } from "../client.js";
import { hmacKey } from "../upload-route/token.js";

/** What the route needs of a Dilnaka client (either entry's `Dilnaka` has it). */
export interface RouteClient {
  createPresignedUpload(input: PresignOptions): Promise<PresignedUpload>;
  createMultipartUpload(input: CreateMultipartOptions): Promise<MultipartUpload>;
  presignUploadParts(fileId: string, partNumbers: number[]): Promise<PresignedPart[]>;
  completeUpload(fileId: string, options?: CompleteOptions): Promise<DilnakaFile>;
  abortUpload(fileId: string): Promise<AbortUploadResult>;
  deleteFile(fileId: string): Promise<unknown>;
  getFile(fileId: string): Promise<DilnakaFile>;
}

export interface BeforeUploadContext {
  filename: string;
  contentType: string;
  size: number;
  /** The page's free text (often JSON), as it sent it: check it, never trust it. */
  clientPayload: string | null;
  /** The browser's request: read its cookies or headers to decide who is asking. */
  request: Request;
}

/** What the policy allows for this file. Everything is optional; nothing set means anything goes. */
export interface UploadPolicy {
  /** Exact types (`image/png`) or whole families (`image/*`); others are refused with 415. */
  allowedContentTypes?: string[];
  /** Bytes; a larger file is refused with 413 before anything is presigned. */
  maxSize?: number;
  /** Key prefix of the stored file. Default `"uploads"`. */
  folder?: string;
  /** Stored with the file (set by your server, so it can be trusted later). */
  metadata?: Record<string, string>;
  /** Parts above this many bytes, presigned through the route. Default 64 MiB. */
  multipartThreshold?: number;
  /** Bytes per part (5 MiB to 5 GiB); default: the backend's choice. */
  partSize?: number;
}

/** Returned by onBeforeUpload to refuse with a message for the page (403 `upload_refused`). */
export interface UploadRefusal {
  refuse: string;
}

export interface UploadCompletedContext {
  /** The clientPayload the policy accepted at presign (carried, signed, in the token). */
  clientPayload: string | null;
  request: Request;
}

export interface HandleUploadOptions {
  /** A Dilnaka client, or the options to make one (the secret key stays on your server). */
  client: RouteClient | DilnakaOptions;
  /** Signs completion tokens: at least 32 bytes (a string counts its UTF-8 bytes), kept secret. */
  tokenSecret: string | Uint8Array;
  /** Decides, before anything is presigned; throw (its message goes to the page) or return { refuse } to refuse. */
  onBeforeUpload: (context: BeforeUploadContext) => UploadPolicy | UploadRefusal | void | Promise<UploadPolicy | UploadRefusal | void>;
  /** Runs once per file, after complete; the page gets the file when it returns. */
  onUploadCompleted?: (file: DilnakaFile, context: UploadCompletedContext) => unknown;
  /**
   * Sees the failures the page only gets as a bare 500 (a bug in a callback, a policy the API
   * refused as invalid, …), so you can log them. Default: console.error.
   */
  onError?: (error: unknown, request: Request) => void;
  /** Seconds a completion token lives: multipart default 86400 (24 h); single PUT at most the URL's lifetime and 1 h. */
  tokenTtl?: number;
}

export interface RouteSettings {
  client: RouteClient;
  key: Promise<CryptoKey>;
  onBeforeUpload: HandleUploadOptions["onBeforeUpload"];
  onUploadCompleted: NonNullable<HandleUploadOptions["onUploadCompleted"]>;
  tokenTtl: number | undefined;
  onError: (error: unknown, request: Request) => void;
}

const MIN_SECRET_BYTES = 32;

function isRouteClient(client: unknown): client is RouteClient {
  return typeof (client as RouteClient | null)?.createPresignedUpload === "function";
}

export function routeSettings(options: HandleUploadOptions): RouteSettings {
  const method = "handleUpload";
  if (typeof options !== "object" || options === null) throw new ValidationError("options", `${method}: pass { client, tokenSecret, onBeforeUpload }.`);
  const { client, tokenSecret, onBeforeUpload, onUploadCompleted = () => {}, tokenTtl, onError = (error) => console.error("handleUpload:", error) } = options;
  const secretBytes = typeof tokenSecret === "string" ? new TextEncoder().encode(tokenSecret).byteLength : tokenSecret instanceof Uint8Array ? tokenSecret.byteLength : 0;
  if (secretBytes < MIN_SECRET_BYTES) {
    throw new ValidationError("tokenSecret", `${method}: tokenSecret must be at least ${MIN_SECRET_BYTES} bytes (a string or Uint8Array), got ${secretBytes}.`, {
      hint: "Generate one with `openssl rand -base64 48` and keep it in your server's environment, never in the page.",
    });
  }
  if (typeof onBeforeUpload !== "function") {
    throw new ValidationError("onBeforeUpload", `${method}: onBeforeUpload is required: it decides who may upload what (return {} to allow anything).`);
  }
  if (typeof onUploadCompleted !== "function") throw new ValidationError("onUploadCompleted", `${method}: onUploadCompleted must be a function.`);
  if (tokenTtl !== undefined && !(Number.isSafeInteger(tokenTtl) && tokenTtl > 0)) {
    throw new ValidationError("tokenTtl", `${method}: tokenTtl must be a whole number of seconds > 0, got ${String(tokenTtl)}.`);
  }
  if (typeof globalThis.crypto?.subtle?.importKey !== "function") {
    throw new ConfigError(`${method}: this runtime has no WebCrypto (globalThis.crypto.subtle) to sign tokens with.`, {
      code: "missing_webcrypto",
      hint: "Use Node 19 or later (on Node 18, set globalThis.crypto to the webcrypto of Node's crypto module), or any Workers, Deno or Bun runtime.",
    });
  }
  return {
    client: isRouteClient(client) ? client : new Dilnaka(client),
    key: hmacKey(tokenSecret),
    onBeforeUpload,
    onUploadCompleted,
    tokenTtl,
    onError,
  };
}
