// The bytes of a download, each exactly once, whatever the connection does: a reset or a short
// body mid-way continues with `Range: bytes=<received>-` (206 with a matching Content-Range), up
// to maxRetries times with the step backoff. A 200 to that Range (storage ignoring it) means the
// body starts over: the bytes already given are skipped. Other answers are typed errors.

import type { UploadContext } from "../upload/index.js";
import { ConnectionError, DilnakaError, IntegrityError, StorageError, TimeoutError, storageErrorFrom } from "../errors.js";
import { abortErrorFrom, isRetryableStatus, retryAfterMs, retryDelayMs, sleep } from "../retry.js";
import type { GetResponse } from "../platform.js";

export interface BodyRequest {
  fileId: string;
  url: string;
  /** The file's size: fewer bytes than this is a short body, continued. */
  size: number;
  signal: AbortSignal | undefined;
  timeout: number;
}

const MAX_ERROR_BODY = 64 * 1024;

/** A failure worth another Range request, and how long storage asked us to wait. */
class Again {
  constructor(readonly error: DilnakaError, readonly wishMs?: number) {}
}

export async function* downloadBody(ctx: UploadContext, req: BodyRequest): AsyncGenerator<Uint8Array, void, undefined> {
  let received = 0;
  for (let retry = 0; ; retry++) {
    let again: Again;
    try {
      const headers: Record<string, string> = received > 0 ? { Range: `bytes=${received}-` } : {};
      const res = await ctx.platform.get({ url: req.url, headers, signal: req.signal, timeout: req.timeout, fetch: ctx.fetch });
      let toSkip = await bytesToSkip(res, received, req);
      try {
        for await (const chunk of res.body) {
          const fresh = toSkip > 0 ? chunk.subarray(Math.min(toSkip, chunk.byteLength)) : chunk;
          toSkip -= chunk.byteLength - fresh.byteLength;
          if (fresh.byteLength === 0) continue;
          received += fresh.byteLength;
          yield fresh;
        }
      } catch (error) {
        throw connectionLost(req.url, error, req.signal);
      }
      if (received >= req.size) return;
      throw new ConnectionError(`the download ended after ${received} of ${req.size} bytes`, { code: "short_body" });
    } catch (error) {
      if (error instanceof Again) again = error;
      else if (error instanceof ConnectionError || error instanceof TimeoutError) again = new Again(error);
      else throw error;
    }
    if (retry >= ctx.maxRetries) throw again.error;
    await sleep(retryDelayMs(retry, again.wishMs), req.signal);
  }
}

/** How many bytes of this answer were given already (all of a 200 to a Range); throws for any other answer. */
async function bytesToSkip(res: GetResponse, received: number, req: BodyRequest): Promise<number> {
  if (res.status === 200) return received;
  if (res.status === 206 && new RegExp(`^bytes ${received}-`).test(res.headers.get("content-range") ?? "")) return 0;
  if (res.status === 416 && received > 0) {
    throw new IntegrityError(`the stored object ends at byte ${received}, the file has ${req.size}`, {
      status: 416,
      code: "size_mismatch",
      fileId: req.fileId,
      hint: "Upload the file again.",
    });
  }
  const answer = { status: res.status, headers: res.headers, bodyText: await readText(res.body) };
  const error = downloadError(answer, req.fileId, received);
  if (isRetryableStatus(res.status)) throw new Again(error, retryAfterMs(res.headers));
  throw error;
}

/** A body read that broke: the caller's abort, a timeout, else a lost connection (continued). */
function connectionLost(url: string, error: unknown, signal: AbortSignal | undefined): DilnakaError {
  if (signal?.aborted) return abortErrorFrom(signal);
  if (error instanceof DilnakaError) return error;
  return new ConnectionError(`the download from ${new URL(url).host} broke: ${(error as { code?: string }).code ?? (error as Error).message}`, {
    code: "connection_error",
    cause: error,
    hint: "Check the network; the download continues from its last byte on its own (maxRetries).",
  });
}

function downloadError(answer: { status: number; headers: { get(name: string): string | null }; bodyText: string }, fileId: string, received: number): StorageError {
  const error = storageErrorFrom(answer, fileId, 1, "storage GET");
  const { status } = answer;
  const hint =
    status === 403 ? "The download URL expired or was refused: call download() again for a fresh one."
    : status === 404 ? "Storage holds no object for this file: it may have been deleted; upload it again."
    : isRetryableStatus(status) ? "Storage is briefly unavailable: download again later."
    : "Storage refused the download: check the file id, or download again.";
  return new StorageError(`${error.detail}${received > 0 ? ` (the download had continued at byte ${received})` : ""}`, {
    status: error.status, code: error.code, fileId, hint, retryAfter: error.retryAfter,
  });
}

async function readText(body: AsyncIterable<Uint8Array>): Promise<string> {
  let text = "";
  const decoder = new TextDecoder();
  try {
    for await (const chunk of body) if (text.length < MAX_ERROR_BODY) text += decoder.decode(chunk, { stream: true });
  } catch {
    // An error answer cut short still has a status.
  }
  return text.slice(0, MAX_ERROR_BODY);
}
