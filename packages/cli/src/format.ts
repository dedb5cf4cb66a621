/** Human-readable sizes, durations and rates for tables, progress bars and summaries. */

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"] as const;

/** 1536 → "1.5 KiB"; exact bytes below 1 KiB. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "?";
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** Bytes per second → "12.3 MiB/s". */
export function formatRate(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return "-- B/s";
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** Seconds → "0:07", "12:05", "1:02:03"; "--:--" while unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "--:--";
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, "0") : String(m);
  return `${h > 0 ? `${h}:` : ""}${mm}:${String(s).padStart(2, "0")}`;
}

/** Time taken: "0.4s", "12.0s" under a minute, then like formatDuration ("1:05"). */
export function formatElapsed(seconds: number): string {
  return seconds < 60 ? `${Math.max(0, seconds).toFixed(1)}s` : formatDuration(seconds);
}

/** Fits a name into `width` columns, keeping its end (the file name) visible: "…/long/name.txt". */
export function fitName(name: string, width: number): string {
  if (name.length <= width) return name.padEnd(width);
  return `…${name.slice(name.length - width + 1)}`;
}
