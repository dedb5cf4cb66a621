// Presigned part URLs, fetched lazily in batches so a 10,000-part upload never holds 10,000 URLs:
// the part asked for and the next parts to send, min(100, parts left) in one presignUploadParts
// call. A URL older than its expiresIn minus 60 s is presigned again, and so is one storage refused
// (403: expired, or a stale signature).

import type { ApiContext } from "../../transport/api.js";
import type { PresignedPart } from "../../types.js";
import { DilnakaError } from "../../errors.js";
import { presignParts } from "./api.js";

const BATCH = 100;
const MARGIN_MS = 60_000;

export interface PartUrls {
  /** The URL of part `n`; `renew` after storage refused the last one. */
  get(n: number, renew?: boolean): Promise<PresignedPart>;
  /** Part `n` is stored: its URL is dropped and never presigned again. */
  done(n: number): void;
  /** Part `n`'s SHA-256 (an upload with checksums): it may be presigned now, with it. */
  hashed(n: number, checksum: string): void;
}

/**
 * `order` lists the part numbers this upload sends, ascending (null: unknown, for a stream of
 * unknown length, whose batches are the next 100 numbers).
 */
export function partUrls(ctx: ApiContext, fileId: string, order: number[] | null, signal?: AbortSignal, now = Date.now, checksums = false): PartUrls {
  const cache = new Map<number, { part: PresignedPart; until: number }>();
  const stored = new Set<number>();
  // With checksums a part is presigned only once hashed, so a batch holds the parts hashed so far.
  const digests = new Map<number, string>();
  let batch: Promise<void> | undefined;
  const fresh = (n: number) => (cache.get(n)?.until ?? 0) > now();
  const pick = (n: number) => {
    if (checksums) return [n, ...[...digests.keys()].filter((m) => m !== n && !fresh(m) && !stored.has(m)).slice(0, BATCH - 1)];
    const next = order ? order.slice(order.indexOf(n) + 1) : Array.from({ length: Math.min(BATCH, 10_000 - n) }, (_, i) => n + 1 + i);
    return [n, ...next.filter((m) => !fresh(m) && !stored.has(m)).slice(0, BATCH - 1)];
  };
  return {
    async get(n, renew) {
      if (renew) cache.delete(n);
      // A running batch may hold this part: wait for it (and for any started meanwhile) first.
      while (batch) await batch.catch(() => {});
      if (!fresh(n)) {
        const numbers = pick(n);
        const signed = checksums ? Object.fromEntries(numbers.map((m) => [m, digests.get(m)!])) : undefined;
        batch = presignParts(ctx, fileId, numbers, signal, signed).then((parts) => {
          const at = now();
          // A URL that lives less than the margin is still used once, right away.
          for (const part of parts) cache.set(part.partNumber, { part, until: Math.max(at + part.expiresIn * 1000 - MARGIN_MS, at + 1) });
        });
        try {
          await batch;
        } finally {
          batch = undefined;
        }
      }
      const entry = cache.get(n);
      if (!entry) throw new DilnakaError(`presignUploadParts did not answer part ${n}`, { code: "invalid_response", fileId });
      return entry.part;
    },
    done(n) {
      cache.delete(n);
      digests.delete(n);
      stored.add(n);
    },
    hashed(n, checksum) {
      digests.set(n, checksum);
    },
  };
}
