// upload(file, { handleUploadUrl }): the key-less browser upload. The app's route (handleUpload,
// or the Python / PHP route helper) holds the secret key and decides; the page only sends the
// file's name, type and size, PUTs the bytes straight to storage with the URL the route presigned
// (XHR, with progress), and completes through the route with its completion token. Above the
// route's threshold the SDK's multipart code sends the parts, their URLs presigned by the route.
// A failure or an abort after presign aborts the upload through the route, so nothing lingers.

import { ValidationError } from "./errors.js";
import { abortErrorFrom } from "./retry.js";
import type { Platform } from "./platform.js";
import type { DilnakaFile } from "./types.js";
import type { UploadContext } from "./upload/index.js";
import type { UploadProgress } from "./upload/progress.js";
import { createProgress } from "./upload/progress.js";
import { isWebReadableStream, resolveInMemorySource, unsupportedSource, type BinarySource, type ResolvedSource } from "./upload/source.js";
import { guessContentType } from "./upload/content-type.js";
import { putBytes } from "./upload/put.js";
import { complete } from "./upload/complete.js";
import { abandon } from "./upload/multipart/api.js";
import { sliceParts } from "./upload/multipart/parts.js";
import { sendParts } from "./upload/multipart/send.js";
import { browserPut } from "./transport/browser-put.js";
import { routeAsApi, routeCaller, withRouteMessage } from "./browser-uploader-route.js";
import type { Presigned } from "./upload-route/wire.js";

export interface RouteUploadOptions {
  /** The app's upload route, e.g. "/api/upload" (relative to the page). */
  handleUploadUrl: string;
  /** Free text for the route's policy callbacks (often JSON): an album id, a form's fields. */
  clientPayload?: string;
  /** Default: the File's name; required for bytes and streams. */
  filename?: string;
  /** Default: the Blob's type, else guessed from the filename. */
  contentType?: string;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
  /** Sent to the route only, never to storage (a CSRF token, your app's own auth). */
  headers?: Record<string, string>;
  /** Default: globalThis.fetch (used for the route; for the PUT where there is no XMLHttpRequest). */
  fetch?: typeof fetch;
  /** Milliseconds without progress before a request fails. Default 60 000. */
  timeout?: number;
  /** Retries per step. Default 2. */
  maxRetries?: number;
  /** Parts in flight for a multipart upload. Default 4. */
  concurrency?: number;
}

const OPTIONS = ["handleUploadUrl", "clientPayload", "filename", "contentType", "onProgress", "signal", "headers", "fetch", "timeout", "maxRetries", "concurrency"];

async function resolveSource(source: unknown): Promise<ResolvedSource> {
  const bytes = isWebReadableStream(source) ? await new Response(source).blob() : source;
  const resolved = resolveInMemorySource(bytes, undefined);
  if (!resolved) throw unsupportedSource(source);
  return resolved;
}

// Checked here rather than by validate.ts: its table of every option of the SDK would double the
// size of this bundle.
function checkRouteOptions(options: RouteUploadOptions): RouteUploadOptions {
  const fail = (field: string, message: string) => new ValidationError(field, `upload: ${message}`);
  if (typeof options !== "object" || options === null) throw fail("options", 'pass { handleUploadUrl: "/api/upload" }.');
  const unknown = Object.keys(options).filter((name) => !OPTIONS.includes(name));
  if (unknown.length > 0) throw fail(unknown[0]!, `unknown option "${unknown[0]}". Known options: ${OPTIONS.join(", ")}.`);
  const { handleUploadUrl, clientPayload, filename, contentType, onProgress, signal, headers, fetch: fetchImpl, timeout, maxRetries, concurrency } = options;
  const whole = (v: unknown, min: number, max: number) => v === undefined || (Number.isInteger(v) && (v as number) >= min && (v as number) <= max);
  const rules: Array<[string, boolean, string]> = [
    ["handleUploadUrl", typeof handleUploadUrl === "string" && handleUploadUrl !== "", 'the URL of your upload route, e.g. "/api/upload"'],
    ["clientPayload", clientPayload === undefined || typeof clientPayload === "string", "a string (JSON.stringify an object)"],
    ["filename", filename === undefined || (typeof filename === "string" && filename.trim() !== ""), "a non-empty string"],
    ["contentType", contentType === undefined || /^[\w.+-]+\/[\w.+-]+/.test(contentType), 'a MIME type such as "image/png"'],
    ["onProgress", onProgress === undefined || typeof onProgress === "function", "a function ({ loaded, total, percentage })"],
    ["signal", signal === undefined || typeof signal.aborted === "boolean", "an AbortSignal"],
    ["headers", headers === undefined || (typeof headers === "object" && headers !== null), "an object of strings"],
    ["fetch", fetchImpl === undefined || typeof fetchImpl === "function", "a function"],
    ["timeout", timeout === undefined || (typeof timeout === "number" && timeout > 0 && timeout < Infinity), "a positive number of milliseconds"],
    ["maxRetries", whole(maxRetries, 0, 100), "an integer ≥ 0"],
    ["concurrency", whole(concurrency, 1, 64), "an integer from 1 to 64"],
  ];
  for (const [field, ok, expected] of rules) if (!ok) throw fail(field, `${field} must be ${expected}.`);
  return options;
}

/** Uploads `file` (a File/Blob, bytes, or a web stream) through the app's upload route; no API key. */
export function upload(file: BinarySource, options: RouteUploadOptions): Promise<DilnakaFile> {
  return uploadThroughRoute(file, options).catch((error: unknown) => Promise.reject(withRouteMessage(error)));
}

async function uploadThroughRoute(file: BinarySource, options: RouteUploadOptions): Promise<DilnakaFile> {
  const opts = checkRouteOptions(options);
  const { signal } = opts;
  if (signal?.aborted) throw abortErrorFrom(signal);
  const source = await resolveSource(file);
  const filename = opts.filename ?? source.name;
  if (!filename) {
    throw new ValidationError("filename", "upload: filename is missing: bytes and streams have no name", { hint: 'Pass { filename: "report.pdf" }: it names the stored file.' });
  }
  const fetchImpl = opts.fetch ?? globalThis.fetch;
  const settings = { fetch: (input: RequestInfo | URL, init?: RequestInit) => fetchImpl(input, init), timeout: opts.timeout ?? 60_000, maxRetries: opts.maxRetries ?? 2 };
  const call = routeCaller({ url: opts.handleUploadUrl, headers: opts.headers, ...settings });

  const presigned = await call<Presigned>(
    { type: "presign", filename, contentType: opts.contentType ?? source.type ?? guessContentType(filename), size: source.size!, clientPayload: opts.clientPayload ?? null },
    signal,
  );
  const { fileId, token, upload: put, multipart } = presigned;
  // The SDK's upload steps, with the route standing in for the Dilnaka API and no key at all.
  const ctx: UploadContext = {
    ...settings,
    raw: routeAsApi(call, fileId, token),
    apiKey: "",
    onWarning: () => {},
    baseURL: "",
    platform: { put: browserPut } as unknown as Platform,
  };
  if (multipart) {
    const session = { fileId, partSize: multipart.partSize, done: new Map() };
    return sendParts(ctx, session, sliceParts(source, session), { concurrency: opts.concurrency ?? 4, signal, onProgress: opts.onProgress as never });
  }
  const progress = createProgress(source.size, opts.onProgress as never);
  try {
    await putBytes(ctx, { fileId, fileKey: "", uploadUrl: put!.url, expiresIn: put!.expiresIn, method: "PUT", headers: put!.headers }, source, signal, progress);
  } catch (error) {
    await abandon(ctx, fileId);
    throw error;
  }
  progress.finish();
  return complete(ctx, fileId, signal);
}
