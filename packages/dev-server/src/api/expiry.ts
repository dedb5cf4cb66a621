import type { ServerContext } from "../context.js";
import { findExpired, type FileRow } from "../db/files.js";
import { discardPending } from "./pending.js";

/** Expired uploads handled per sweep; the next one (or a listing) takes the rest. */
const BATCH = 100;

/**
 * Pending uploads whose lifetime passed are abandoned (`discardPending`): a single PUT after its
 * URL lifetime plus `pendingGrace`, a multipart upload after `multipartTtl` (the deadline is
 * `files.expires_at`, set at creation). A sweep runs every `sweepInterval`, and lazily before a
 * listing (for that app) and before any read of one file, so an expired upload reads 404 at once
 * rather than at the next tick.
 */
export async function sweepExpired(ctx: ServerContext, appId: string | null = null): Promise<number> {
  let done = 0;
  for (const file of await findExpired(ctx.db, appId, BATCH)) {
    if (await discardPending(ctx, file).catch(() => false)) done += 1;
  }
  return done;
}

/** True when `file` is a pending upload past its deadline; it is abandoned on the way. */
export async function expireIfDue(ctx: ServerContext, file: FileRow): Promise<boolean> {
  if (file.status !== "pending" || !file.expiresAt || file.expiresAt.getTime() > Date.now()) return false;
  await discardPending(ctx, file);
  return true;
}

/** Starts the periodic sweep; the returned function stops it (and waits for a sweep in progress). */
export function startSweeper(ctx: ServerContext, intervalMs: number, onError: (err: unknown) => void): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return; // one sweep at a time
    running = sweepExpired(ctx)
      .catch(onError)
      .finally(() => (running = null));
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
