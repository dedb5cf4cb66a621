import { AbortError, type Dilnaka } from "@dilnaka/client";

/** One local file queued for upload. */
export interface UploadItem {
  /** As typed on the command line. */
  path: string;
  size: number;
}

export type UploadedFile = Awaited<ReturnType<Dilnaka["upload"]>>;

/** What happened to each item, in command-line order. */
export type UploadOutcome =
  | { item: UploadItem; file: UploadedFile }
  | { item: UploadItem; error: unknown }
  | { item: UploadItem; skipped: true };

export interface UploadSummary {
  outcomes: UploadOutcome[];
  elapsedMs: number;
  interrupted: boolean;
}

/** Follows one file from its first byte to its result. */
export interface UploadTracker {
  progress(loaded: number, total: number): void;
  done(file: UploadedFile): void;
  fail(error: unknown): void;
}

/**
 * How `dilnaka upload` shows its work: live bars on a terminal, one line per file in a pipe, or
 * JSON. The command drives it; each implementation only renders.
 */
export interface UploadReporter {
  start(item: UploadItem): UploadTracker;
  /** `upload --recursive`: the directory's total so far (the terminal draws a total bar). */
  directoryProgress?(dir: string, progress: { loaded: number; total: number; filesDone: number; filesTotal: number }): void;
  /** Ctrl-C was pressed: stop drawing so the final lines land on a clean screen. */
  interrupted(): void;
  finish(summary: UploadSummary): void;
}

export interface OutcomeCounts {
  uploaded: number;
  failed: number;
  /** Stopped by Ctrl-C while in flight. */
  aborted: number;
  /** Never started because Ctrl-C came first. */
  skipped: number;
  /** Bytes of the uploaded files. */
  bytes: number;
}

export function countOutcomes(outcomes: readonly UploadOutcome[]): OutcomeCounts {
  let uploaded = 0;
  let failed = 0;
  let aborted = 0;
  let skipped = 0;
  let bytes = 0;
  for (const outcome of outcomes) {
    if ("file" in outcome) {
      uploaded += 1;
      bytes += outcome.item.size;
    } else if ("error" in outcome) {
      if (outcome.error instanceof AbortError) aborted += 1;
      else failed += 1;
    } else skipped += 1;
  }
  return { uploaded, failed, aborted, skipped, bytes };
}
