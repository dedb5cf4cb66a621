// download(fileId, destination) in Node: the body goes to a temp file beside the destination
// (`.<name>.dilnaka-part-<random>`, same directory so the rename is atomic), is fsynced, verified,
// and only then renamed over the destination. Any failure removes the temp file: a failed download
// never leaves a truncated or unverified file under the final name.

import { randomBytes } from "node:crypto";
import { link, open, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { UploadContext } from "../upload/index.js";
import { ValidationError } from "../errors.js";
import { DOWNLOAD_OPTIONS, startDownload, type DownloadOptions, type DownloadResult } from "./index.js";

export interface DownloadToPathOptions extends DownloadOptions {
  /** Replace an existing file at the destination (default true); false fails before any request. */
  overwrite?: boolean;
}

/** Bytes gathered per write: fewer, larger writes, one in flight while the next batch arrives. */
const WRITE_BATCH = 1024 * 1024;
/**
 * Bytes written between two background fdatasyncs. Without them the whole file sits dirty in the
 * page cache and the final fsync writes all of it while nothing else happens (about as long as
 * the GET itself for 1 GiB on loopback); with them the disk works while the body still arrives
 * and the final fsync has only the tail left (bench/download.mjs).
 */
const SYNC_EVERY = 32 * 1024 * 1024;

export async function downloadToPath(ctx: UploadContext, fileId: unknown, destination: unknown, options?: DownloadToPathOptions): Promise<DownloadResult> {
  if (!((typeof destination === "string" && destination !== "") || destination instanceof URL)) {
    throw new ValidationError("destination", "download: destination must be a file path (or a directory to keep the file's name in).");
  }
  let path = resolve(destination instanceof URL ? fileURLToPath(destination) : destination);
  const overwrite = options?.overwrite ?? true;
  const { overwrite: _, ...rest } = options ?? {};
  if (typeof overwrite !== "boolean") throw new ValidationError("overwrite", `download: overwrite must be true or false, got ${String(overwrite)}.`);
  const into = await stat(path).catch(() => undefined);
  const isDir = into?.isDirectory() ?? false;
  if (into && !isDir && !overwrite) throw exists(path);
  const dl = await startDownload(ctx, "download", fileId, rest, DOWNLOAD_OPTIONS);
  // A directory destination keeps the stored name (its base name only: never a path out of it).
  if (isDir) path = join(path, basename(dl.file.originalName.replace(/\\/g, "/")) || dl.file.id);
  if (isDir && !overwrite && (await stat(path).catch(() => undefined))) throw exists(path);
  const temp = join(dirname(path), `.${basename(path)}.dilnaka-part-${randomBytes(6).toString("hex")}`);
  const handle = await open(temp, "wx").catch((error: NodeJS.ErrnoException) => {
    throw new ValidationError("destination", `download: cannot write into ${dirname(path)} (${error.code ?? error.message}).`, {
      code: "destination_unwritable",
      cause: error,
      hint: "Pass a destination in an existing directory this process may write to.",
    });
  });
  try {
    let batch: Uint8Array[] = [];
    let batched = 0;
    let writing: Promise<unknown> = Promise.resolve();
    let syncing: Promise<unknown> = Promise.resolve();
    let unsynced = 0;
    const flush = async () => {
      await writing;
      if (unsynced >= SYNC_EVERY) {
        // One in flight at a time, started after the writes before it: it never waits on the body.
        await syncing;
        const sync = handle.datasync();
        sync.catch(() => {}); // observed here, thrown when awaited
        syncing = sync;
        unsynced = 0;
      }
      if (batch.length > 0) {
        unsynced += batched;
        const size = batched;
        const write = handle.writev(batch).then(({ bytesWritten }) => {
          if (bytesWritten !== size) throw new Error(`wrote ${bytesWritten} of ${size} bytes to ${temp}`);
        });
        write.catch(() => {}); // observed here, thrown when awaited
        writing = write;
      }
      batch = [];
      batched = 0;
    };
    for await (const chunk of dl.chunks) {
      batch.push(chunk);
      batched += chunk.byteLength;
      if (batched >= WRITE_BATCH) await flush();
    }
    await flush();
    await writing;
    await syncing;
    // On disk before the name points at it: a crash right after never shows a file with holes.
    await handle.sync();
    await handle.close();
    if (overwrite) await rename(temp, path);
    else {
      // link() fails when the name exists: no file that appeared meanwhile is replaced.
      await link(temp, path).catch((error: NodeJS.ErrnoException) => {
        throw error.code === "EEXIST" ? exists(path) : error;
      });
      await rm(temp, { force: true });
    }
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(temp, { force: true });
    throw error;
  }
  return { ...dl.result(), path };
}

const exists = (path: string) =>
  new ValidationError("destination", `download: ${path} exists; pass overwrite: true to replace it.`, { code: "destination_exists" });
