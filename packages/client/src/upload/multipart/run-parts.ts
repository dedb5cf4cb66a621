// Sends parts with at most `concurrency` in flight, in ascending order, and reports one aggregated
// byte count for all of them (a retried part's bytes are counted once). The first failure stops
// the rest: parts in flight are aborted and no new part starts; the call settles only when every
// PUT has, so an abort that follows leaves no part behind.

import type { UploadContext } from "../index.js";
import type { PartUrls } from "./part-urls.js";
import { putPart, type PartToSend } from "./part-put.js";

export interface PartJob extends PartToSend {
  /** Called once the part is stored or failed (a stream part gives its buffer back). */
  release?: () => void;
}

export interface PartRun {
  fileId: string;
  urls: PartUrls;
  concurrency: number;
  /** Hash each part before its PUT and presign it with the digest. */
  checksums: boolean;
  /** The next part to send, or undefined when none is left; never called by two workers at once. */
  next: () => PartJob | undefined | Promise<PartJob | undefined>;
  /** Bytes of the parts in flight, summed (each part's current attempt). */
  onBytes: (inFlight: number) => void;
  /** A part is stored (its ETag in hand). */
  stored: (part: { partNumber: number; etag: string; size: number; checksumSha256?: string }) => unknown;
  signal: AbortSignal | undefined;
}

export async function runParts(ctx: UploadContext, run: PartRun): Promise<void> {
  const stop = new AbortController();
  const onAbort = () => stop.abort(run.signal!.reason);
  if (run.signal?.aborted) onAbort();
  run.signal?.addEventListener("abort", onAbort, { once: true });
  let failure: { error: unknown } | undefined;
  let queue: Promise<PartJob | undefined> = Promise.resolve(undefined);
  let inFlight = 0;
  const take = () => (queue = queue.then(() => (failure ? undefined : run.next())));

  const worker = async () => {
    for (let job: PartJob | undefined; (job = await take()); ) {
      let sent = 0;
      try {
        const { etag, checksumSha256 } = await putPart(ctx, run.urls, run.fileId, job, stop.signal, run.checksums, (loaded) => {
          inFlight += loaded - sent;
          sent = loaded;
          run.onBytes(inFlight);
        });
        inFlight -= sent;
        run.urls.done(job.partNumber);
        await run.stored({ partNumber: job.partNumber, etag, size: job.source.size!, ...(checksumSha256 && { checksumSha256 }) });
      } finally {
        job.release?.();
      }
    }
  };
  const fail = (error: unknown) => {
    failure ??= { error };
    stop.abort();
  };
  try {
    await Promise.all(Array.from({ length: run.concurrency }, () => worker().catch(fail)));
  } finally {
    run.signal?.removeEventListener("abort", onAbort);
  }
  if (failure) throw failure.error;
}
