// Progress events for an upload: byte-accurate, monotonic (a retried PUT re-sends bytes but never
// moves the bar back), throttled to one event per 64 KiB or 100 ms, and always ending with
// loaded === total.

export interface UploadProgress {
  loaded: number;
  total: number;
  /** 0-100, two decimals. */
  percentage: number;
}

const MIN_BYTES = 64 * 1024;
const MIN_MS = 100;

export interface ProgressTracker {
  /** Bytes sent so far by the current attempt. */
  update(loaded: number): void;
  /** The bytes are stored: report loaded === total. */
  finish(): void;
}

export function createProgress(total: number, onProgress: ((p: UploadProgress) => void) | undefined, now: () => number = Date.now): ProgressTracker {
  if (!onProgress) return { update() {}, finish() {} };
  let reported = -1;
  let reportedAt = 0;
  const emit = (loaded: number) => {
    reported = loaded;
    reportedAt = now();
    const percentage = total === 0 ? 100 : Math.floor((loaded / total) * 10_000) / 100;
    onProgress({ loaded, total, percentage });
  };
  return {
    update(loaded) {
      const capped = Math.min(loaded, total);
      if (capped <= reported) return;
      if (capped - reported >= MIN_BYTES || now() - reportedAt >= MIN_MS || capped === total) emit(capped);
    },
    finish() {
      if (reported !== total) emit(total);
    },
  };
}
