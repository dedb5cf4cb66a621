import { describeError } from "../errors.js";
import { formatBytes, formatElapsed, formatRate } from "../format.js";
import { countOutcomes, type UploadItem, type UploadReporter, type UploadSummary, type UploadTracker } from "./upload-reporter.js";

/**
 * Output for pipes, CI logs and files: no cursor movement, one line per finished file on stdout
 * (`<path> -> <id> (<size>, <type>)`), failures as `error: <path>: …` on stderr, a summary on stderr.
 */
export class PlainUploadReporter implements UploadReporter {
  constructor(
    private readonly stdout: NodeJS.WritableStream,
    private readonly stderr: NodeJS.WritableStream,
  ) {}

  start(item: UploadItem): UploadTracker {
    return {
      progress: () => {},
      done: (file) => {
        this.stdout.write(`${item.path} -> ${file.id} (${formatBytes(file.size)}, ${file.contentType})\n`);
      },
      fail: (error) => {
        this.stderr.write(`error: ${item.path}: ${describeError(error).line}\n`);
      },
    };
  }

  interrupted(): void {}

  finish(summary: UploadSummary): void {
    this.stderr.write(`${summaryLine(summary)}\n`);
  }
}

/** "3 uploaded, 1 failed (12.0 MiB in 4.1s, 3.0 MiB/s)", shared with the terminal reporter. */
export function summaryLine(summary: UploadSummary): string {
  const { uploaded, failed, aborted, skipped, bytes } = countOutcomes(summary.outcomes);
  const parts = [`${uploaded} uploaded`];
  if (failed > 0) parts.push(`${failed} failed`);
  if (aborted > 0) parts.push(`${aborted} aborted`);
  if (skipped > 0) parts.push(`${skipped} not started`);
  const seconds = summary.elapsedMs / 1000;
  // A rate only when bytes moved: "(0 B in 1.4s, -- B/s)" said nothing true.
  const rate = bytes > 0 && seconds > 0 ? `, ${formatRate(bytes / seconds)}` : "";
  const stats = `${formatBytes(bytes)} in ${formatElapsed(seconds)}${rate}`;
  return `${summary.interrupted ? "Interrupted: " : ""}${parts.join(", ")} (${stats})`;
}
