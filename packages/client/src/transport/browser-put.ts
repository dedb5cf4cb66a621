// The browser / edge PUT to the presigned URL: fetch with a Blob body, or XMLHttpRequest when the
// caller wants progress (fetch reports no upload progress in browsers). No node:* imports here.

import { ConnectionError, TimeoutError } from "../errors.js";
import { abortErrorFrom } from "../retry.js";
import type { PutRequest, PutResponse } from "../platform.js";
import type { ResolvedSource } from "../upload/source.js";

export async function browserPut(req: PutRequest): Promise<PutResponse> {
  const body = await bodyOf(req.source);
  if (req.onBytes && typeof XMLHttpRequest !== "undefined") return xhrPut(req, body);
  return fetchPut(req, body);
}

async function bodyOf(source: ResolvedSource): Promise<Blob | Uint8Array> {
  switch (source.kind) {
    case "bytes":
      return source.bytes;
    case "blob":
      return source.blob;
    default:
      // Browsers can't stream a request body over HTTP/1.1: the one-shot stream is collected once.
      return new Response(source.kind === "stream" ? (source.stream as unknown as ReadableStream) : null).blob();
  }
}

async function fetchPut(req: PutRequest, body: Blob | Uint8Array): Promise<PutResponse> {
  const attempt = new AbortController();
  const onAbort = () => attempt.abort();
  req.signal?.addEventListener("abort", onAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    attempt.abort();
  }, req.timeout);
  try {
    const response = await req.fetch(req.url, { method: "PUT", headers: req.headers, body: body as BodyInit, signal: attempt.signal });
    const bodyText = await response.text();
    if (response.ok) req.onBytes?.(body instanceof Blob ? body.size : body.byteLength);
    return { status: response.status, bodyText, headers: response.headers };
  } catch (error) {
    throw failure(req, error, timedOut);
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener("abort", onAbort);
  }
}

function xhrPut(req: PutRequest, body: Blob | Uint8Array): Promise<PutResponse> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", req.url);
    for (const [name, value] of Object.entries(req.headers)) xhr.setRequestHeader(name, value);
    xhr.timeout = req.timeout;
    xhr.upload.onprogress = (event) => req.onBytes?.(event.loaded);
    const onAbort = () => xhr.abort();
    req.signal?.addEventListener("abort", onAbort, { once: true });
    const done = () => req.signal?.removeEventListener("abort", onAbort);
    xhr.onload = () => {
      done();
      resolve({ status: xhr.status, bodyText: String(xhr.responseText ?? ""), headers: { get: (name) => xhr.getResponseHeader(name) } });
    };
    xhr.onerror = () => (done(), reject(failure(req, new Error("network error"), false)));
    xhr.ontimeout = () => (done(), reject(failure(req, new Error("timeout"), true)));
    xhr.onabort = () => (done(), reject(failure(req, new Error("aborted"), false)));
    xhr.send(body as XMLHttpRequestBodyInit);
  });
}

function failure(req: PutRequest, error: unknown, timedOut: boolean): Error {
  if (req.signal?.aborted) return abortErrorFrom(req.signal);
  const host = new URL(req.url).host;
  if (timedOut) {
    return new TimeoutError(`the PUT to ${host} took longer than ${req.timeout} ms`, {
      code: "timeout",
      cause: error,
      hint: "Raise the timeout option (milliseconds), or check the network.",
    });
  }
  return new ConnectionError(`the PUT to ${host} failed: ${(error as Error).message}`, {
    code: "connection_error",
    cause: error,
    hint: "Check the network and the storage host's CORS rules (it must allow PUT from this origin).",
  });
}
