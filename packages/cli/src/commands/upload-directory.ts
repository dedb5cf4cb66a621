// `dilnaka upload --recursive <dir>`: one directory through the client's uploadDirectory (its walk:
// sorted, symlinks only inside the tree, each file under --folder/<relative dir>), reported file by
// file through the same reporters as single files, plus the directory's total on a terminal.

import { join } from "node:path";
import type { Dilnaka } from "@dilnaka/client";
import type { UploadOutcome, UploadReporter, UploadTracker } from "../render/upload-reporter.js";

export interface DirectoryRun {
  dir: string;
  folder: string | undefined;
  contentType: string | undefined;
  concurrency: number;
  signal: AbortSignal;
}

/** Uploads one tree; every file's outcome in sorted order (failures included, never thrown). */
export async function uploadTree(client: Dilnaka, reporter: UploadReporter, run: DirectoryRun): Promise<UploadOutcome[]> {
  const trackers = new Map<string, { tracker: UploadTracker; size: number }>();
  const track = (relative: string, size: number) => {
    let entry = trackers.get(relative);
    if (!entry) {
      entry = { tracker: reporter.start({ path: join(run.dir, relative), size }), size };
      trackers.set(relative, entry);
    }
    return entry;
  };
  const result = await client.uploadDirectory(run.dir, {
    ...(run.folder !== undefined && { folder: run.folder }),
    ...(run.contentType !== undefined && { contentType: run.contentType }),
    concurrency: run.concurrency,
    signal: run.signal,
    onFileProgress: (relative, { loaded, total }) => track(relative, total).tracker.progress(loaded, total),
    onFileDone: (relative, outcome) => {
      const { tracker } = track(relative, 0);
      if ("file" in outcome) tracker.done(outcome.file);
      else tracker.fail(outcome.error);
    },
    onProgress: (progress) => reporter.directoryProgress?.(run.dir, progress),
  });
  const item = (relative: string) => ({ path: join(run.dir, relative), size: trackers.get(relative)?.size ?? 0 });
  return [
    ...result.uploaded.map(({ path, file }) => ({ item: item(path), file, relative: path })),
    ...result.failed.map(({ path, error }) => ({ item: item(path), error, relative: path })),
  ]
    .sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0))
    .map(({ relative: _relative, ...outcome }) => outcome);
}
