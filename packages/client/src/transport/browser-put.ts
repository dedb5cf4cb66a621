// The browser / edge PUT to the presigned URL. Browsers use XMLHttpRequest: it is the only browser
// API that reports upload progress, and that progress lets the timeout count idle time, as in Node,
// instead of cutting off a big file on a slow link. Runtimes without XHR (workers, edge) use fetch
// with a Blob body; there the timeout covers the whole PUT. No node:* imports here.

import { transportError, withDeadline } from "../retry.js";
import type { PutRequest, PutResponse } from "../platform.js";

const CORS_HINT = "Check the network and the storage host's CORS rules (allow PUT from this origin).";

export async function browserPut(req: PutRequest): Promise<PutResponse> {
  const { source } = req;
  // The browser entry resolves every source to bytes or a Blob (streams are collected first).
  const body = source.kind === "bytes" ? source.bytes : (source as { blob: Blob }).blob;
  const what = `storage PUT ${new URL(req.url).host}`;
  if (typeof XMLHttpRequest !== "undefined") return xhrPut(req, body, what);
  return withDeadline(req.signal, req.timeout, what, CORS_HINT, async (signal) => {
    const response = await req.fetch(req.url, { method: "PUT", headers: req.headers, body: body as BodyInit, signal });
    const bodyText = await response.text();
    if (response.ok) req.onBytes?.(source.size!);
    return { status: response.status, bodyText, headers: response.headers };
  });
}

function xhrPut(req: PutRequest, body: Blob | Uint8Array, what: string): Promise<PutResponse> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", req.url);
    for (const [name, value] of Object.entries(req.headers)) xhr.setRequestHeader(name, value);
    // Idle timeout: every progress event (bytes sent, or the answer arriving) restarts the clock.
    let idle: ReturnType<typeof setTimeout> | undefined;
    let timedOut = false;
    const stillMoving = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        timedOut = true;
        xhr.abort();
      }, req.timeout);
    };
    xhr.upload.onprogress = (event) => {
      stillMoving();
      req.onBytes?.(event.loaded);
    };
    xhr.onprogress = stillMoving;
    const onAbort = () => xhr.abort();
    req.signal?.addEventListener("abort", onAbort, { once: true });
    // Every outcome ends here: `problem` is set for network failures, undefined for an answer.
    const settle = (problem?: string) => () => {
      clearTimeout(idle);
      req.signal?.removeEventListener("abort", onAbort);
      if (problem) {
        reject(transportError(req.signal, new Error(problem), timedOut && req.timeout, what, CORS_HINT));
      } else {
        resolve({ status: xhr.status, bodyText: String(xhr.responseText ?? ""), headers: { get: (name) => xhr.getResponseHeader(name) } });
      }
    };
    xhr.onload = settle();
    xhr.onerror = settle("network error");
    xhr.onabort = settle("aborted");
    stillMoving();
    xhr.send(body as XMLHttpRequestBodyInit);
  });
}
