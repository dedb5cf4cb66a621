// Progress events for an upload: byte-accurate, monotonic (a retried PUT or part re-sends bytes but
// never moves the bar back), throttled to one event per 64 KiB or 100 ms, and always ending with
// loaded === total. A multipart upload reports the sum of its parts as one stream of events.

export interface UploadProgress {
  loaded: number;
  total: number;
  /** 0-100, two decimals. */
  percentage: number;
}

/** What a stream source reports: its length may be unknown, then `total` and `percentage` are undefined until the last event. */
export interface StreamUploadProgress {
  loaded: number;
  total: number | undefined;
  percentage: number | undefined;
}

const MIN_BYTES = 64 * 1024;
const MIN_MS = 100;

export interface ProgressTracker {
  /** Bytes sent so far (all parts), by the attempts in progress. */
  update(loaded: number): void;
  /** The bytes are stored: report loaded === total (`total` given here when it was unknown). */
  finish(total?: number): void;
}

export function createProgress(
  total: number | undefined,
  onProgress: ((p: StreamUploadProgress) => void) | undefined,
  now: () => number = Date.now,
): ProgressTracker {
  if (!onProgress) return { update() {}, finish() {} };
  let reported = -1;
  let reportedAt = 0;
  const emit = (loaded: number) => {
    reported = loaded;
    reportedAt = now();
    const percentage = total === undefined ? undefined : total === 0 ? 100 : Math.floor((loaded / total) * 10_000) / 100;
    onProgress({ loaded, total, percentage });
  };
  return {
    update(loaded) {
      const capped = Math.min(loaded, total ?? loaded);
      if (capped <= reported) return;
      if (capped - reported >= MIN_BYTES || now() - reportedAt >= MIN_MS || capped === total) emit(capped);
    },
    finish(end = total) {
      // The last event always carries the total, even when the bytes were all reported without it.
      if (reported !== end || total === undefined) {
        total = end;
        emit(end!);
      }
    },
  };
}
