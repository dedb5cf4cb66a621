// The Node PUT to the presigned URL: node:http(s) fed by stream.pipeline, so a file of any size
// streams with backpressure and flat memory. (Node's fetch with a stream body buffered a whole
// 512 MiB upload in memory when measured.) Only the presign headers and Content-Length are sent.

import { createReadStream } from "node:fs";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ConnectionError, TimeoutError } from "../errors.js";
import { abortErrorFrom } from "../retry.js";
import type { PutRequest, PutResponse } from "../platform.js";
import type { ResolvedSource } from "../upload/source.js";

/** Big reads mean fewer syscalls and socket writes: measured fastest at 1-4 MiB on loopback. */
export const READ_CHUNK = 2 * 1024 * 1024;
const MAX_ERROR_BODY = 64 * 1024;

export function nodePut(req: PutRequest): Promise<PutResponse> {
  const url = new URL(req.url);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<PutResponse>((resolve, reject) => {
    let settled = false;
    const body = openBody(req.source);
    const outgoing = send(url, {
      method: "PUT",
      headers: { ...req.headers, "Content-Length": String(req.source.size) },
    });
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      cleanup();
      body.destroy();
      outgoing.destroy();
      reject(error);
    };
    const onAbort = () => fail(abortErrorFrom(req.signal!));
    const cleanup = () => req.signal?.removeEventListener("abort", onAbort);
    if (req.signal?.aborted) return onAbort();
    req.signal?.addEventListener("abort", onAbort, { once: true });

    // Idle timeout: no bytes moving for `timeout` ms, connect included.
    outgoing.setTimeout(req.timeout, () =>
      fail(
        new TimeoutError(`the PUT to ${url.host} made no progress for ${req.timeout} ms`, {
          code: "timeout",
          hint: "Raise the timeout option (milliseconds) or DILNAKA_TIMEOUT (seconds), or check the network.",
        }),
      ),
    );
    outgoing.on("error", (error) => fail(connectionError(url, error)));
    let gotResponse = false;
    outgoing.on("response", (res: IncomingMessage) => {
      gotResponse = true;
      // Storage may answer before it has read everything (an error); stop sending then.
      if (res.statusCode === undefined || res.statusCode >= 300) body.destroy();
      readText(res).then(
        (bodyText) => {
          if (settled) return;
          settled = true;
          cleanup();
          resolve({ status: res.statusCode ?? 0, bodyText, headers: { get: (name) => headerValue(res, name) } });
        },
        (error: Error) => fail(connectionError(url, error)),
      );
    });

    let loaded = 0;
    const onBytes = req.onBytes;
    async function* count(source: AsyncIterable<Uint8Array>) {
      for await (const chunk of source) {
        yield chunk;
        loaded += chunk.byteLength;
        onBytes?.(loaded);
      }
    }
    pipeline(body, count, outgoing).catch((error: Error) => {
      // Storage answering early (an error) closes the socket under us: give its answer a moment to
      // arrive, since the response handler reports it better than this broken pipe would.
      if (!gotResponse) setTimeout(() => gotResponse || fail(connectionError(url, error)), 50);
    });
  });
}

function openBody(source: ResolvedSource): Readable {
  switch (source.kind) {
    case "path":
      return createReadStream(source.path, { highWaterMark: READ_CHUNK });
    case "bytes":
      return Readable.from(slices(source.bytes), { objectMode: false });
    case "blob":
      return Readable.fromWeb(source.blob.stream() as import("node:stream/web").ReadableStream<Uint8Array>);
    case "stream":
      return source.stream instanceof Readable ? source.stream : Readable.from(source.stream, { objectMode: false });
  }
}

/** Views (no copies) of READ_CHUNK bytes, so progress moves while big buffers are sent. */
function* slices(bytes: Uint8Array): Generator<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += READ_CHUNK) {
    yield bytes.subarray(offset, Math.min(offset + READ_CHUNK, bytes.byteLength));
  }
}

async function readText(res: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of res) {
    if (text.length < MAX_ERROR_BODY) text += String(chunk);
  }
  return text.slice(0, MAX_ERROR_BODY);
}

function headerValue(res: IncomingMessage, name: string): string | null {
  const value = res.headers[name.toLowerCase()];
  return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
}

function connectionError(url: URL, error: Error): ConnectionError {
  if (error instanceof ConnectionError || error instanceof TimeoutError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  return new ConnectionError(`the PUT to ${url.host} failed: ${code ?? error.message}`, {
    code: "connection_error",
    cause: error,
    hint: "Check the network; the PUT is retried automatically when the source can be read again.",
  });
}
