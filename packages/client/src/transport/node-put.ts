// The Node PUT to the presigned URL: node:http(s) fed chunk by chunk with backpressure (files from
// a ring of reused buffers, streams through stream.pipeline), so any size streams in flat memory.
// (Node's fetch with a stream body held a whole 512 MiB upload in memory when measured.) Only the
// presign headers and Content-Length are sent.

import { open } from "node:fs/promises";
import { request as httpRequest, type ClientRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ConnectionError, TimeoutError } from "../errors.js";
import { rootCause } from "../error-message.js";
import { abortErrorFrom } from "../retry.js";
import type { PutRequest, PutResponse } from "../platform.js";
import type { ResolvedSource } from "../upload/source.js";

/**
 * Chunk size and ring depth, tuned with `pnpm bench`: 1 MiB chunks keep the working set in CPU
 * cache (4 MiB chunks were ~7 % slower to the dev store, which shares the CPU); 4 buffers keep
 * writes queued so per-chunk overhead does not throttle fast targets. Peak: 4 MiB of buffers.
 */
export const READ_CHUNK = 1024 * 1024;
const FILE_BUFFERS = 4;
const MAX_ERROR_BODY = 64 * 1024;

export function nodePut(req: PutRequest): Promise<PutResponse> {
  const url = new URL(req.url);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<PutResponse>((resolve, reject) => {
    let settled = false;
    const outgoing = send(url, {
      method: "PUT",
      headers: { ...req.headers, "Content-Length": String(req.source.size) },
    });
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      cleanup();
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
        new TimeoutError(`storage PUT ${url.host} failed: no progress for ${req.timeout} ms`, {
          code: "timeout",
          hint: "Raise the timeout option (milliseconds) or DILNAKA_TIMEOUT (seconds), or check the network.",
        }),
      ),
    );
    outgoing.on("error", (error) => fail(connectionError(url, error)));
    let gotResponse = false;
    let stopSending = false;
    outgoing.on("response", (res: IncomingMessage) => {
      gotResponse = true;
      // Storage may answer before it has read everything (an error): stop sending, read its answer,
      // then drop the half-sent connection.
      const failed = res.statusCode === undefined || res.statusCode >= 300;
      if (failed) stopSending = true;
      readText(res).then(
        (bodyText) => {
          if (settled) return;
          settled = true;
          cleanup();
          if (failed) outgoing.destroy();
          resolve({ status: res.statusCode ?? 0, bodyText, headers: { get: (name) => headerValue(res, name) } });
        },
        (error: Error) => fail(connectionError(url, error)),
      );
    });

    let loaded = 0;
    const sent = (n: number) => {
      loaded += n;
      req.onBytes?.(loaded);
    };
    sendBody(req.source, outgoing, sent, () => stopSending).catch((error: Error) => {
      // Storage answering early (an error) closes the socket under us: give its answer a moment to
      // arrive, since the response handler reports it better than this broken pipe would.
      if (!gotResponse) setTimeout(() => gotResponse || fail(connectionError(url, error)), 50);
    });
  });
}

/**
 * Sends the body. A file is read into a few reused buffers (a buffer is refilled only once the
 * socket has taken it): no garbage per chunk, so RSS stays flat however big the file. Bytes go as
 * views; streams through stream.pipeline.
 */
async function sendBody(source: ResolvedSource, outgoing: ClientRequest, sent: (n: number) => void, stopped: () => boolean): Promise<void> {
  if (source.kind === "path") return sendFile(source.path, source.offset ?? 0, source.size, outgoing, sent, stopped);
  if (source.kind === "bytes") {
    for (let offset = 0; offset < source.size && !stopped(); offset += READ_CHUNK) {
      const view = source.bytes.subarray(offset, Math.min(offset + READ_CHUNK, source.size));
      await write(outgoing, view);
      sent(view.byteLength);
    }
    return end(outgoing);
  }
  const stream = source.kind === "blob"
    ? Readable.fromWeb(source.blob.stream() as import("node:stream/web").ReadableStream<Uint8Array>)
    : source.stream instanceof Readable ? source.stream : Readable.from(source.stream, { objectMode: false });
  async function* count(chunks: AsyncIterable<Uint8Array>) {
    for await (const chunk of chunks) {
      if (stopped()) return;
      yield chunk;
      sent(chunk.byteLength);
    }
  }
  await pipeline(stream, count, outgoing);
}

/** Sends `size` bytes of the file from `offset` (a multipart part is a range of the file). */
async function sendFile(path: string, offset: number, size: number, outgoing: ClientRequest, sent: (n: number) => void, stopped: () => boolean): Promise<void> {
  const file = await open(path, "r");
  // A ring of buffers: chunk n is read into buffer n % depth once that buffer's previous write has
  // left for the socket, so reads overlap writes and the socket always has a write queued.
  const buffers = Array.from({ length: FILE_BUFFERS }, () => Buffer.allocUnsafe(Math.min(READ_CHUNK, size)));
  const writes: Array<Promise<void> | undefined> = [];
  try {
    for (let position = 0, n = 0; position < size; n++) {
      const slot = n % FILE_BUFFERS;
      await writes[slot];
      if (outgoing.destroyed || stopped()) return;
      const buffer = buffers[slot]!;
      const { bytesRead } = await file.read(buffer, 0, Math.min(buffer.length, size - position), offset + position);
      if (bytesRead === 0) throw new Error(`${path} shrank while it was being uploaded`);
      position += bytesRead;
      const pending = write(outgoing, buffer.subarray(0, bytesRead)).then(() => sent(bytesRead));
      pending.catch(() => {}); // observed here; awaiting it below still throws
      writes[slot] = pending;
    }
    await Promise.all(writes);
    await end(outgoing);
  } finally {
    await file.close();
  }
}

/** Resolves once the socket has taken `chunk` (so its buffer may be reused). */
function write(outgoing: ClientRequest, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    if (outgoing.destroyed) return reject(new Error("the connection closed"));
    outgoing.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}

function end(outgoing: ClientRequest): Promise<void> {
  return new Promise((resolve) => outgoing.end(resolve));
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
  return new ConnectionError(`storage PUT ${url.host} failed: ${rootCause(error)}`, {
    code: "connection_error",
    cause: error,
    hint: "Check the network; the PUT is retried automatically when the source can be read again.",
  });
}
