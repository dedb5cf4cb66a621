import cliProgress from "cli-progress";
import { describeError } from "../errors.js";
import { fitName, formatBytes, formatDuration, formatElapsed, formatRate } from "../format.js";
import type { Palette } from "./color.js";
import { summaryLine } from "./upload-plain.js";
import type { UploadItem, UploadReporter, UploadSummary, UploadTracker } from "./upload-reporter.js";
import { Speedometer } from "./speedometer.js";

const SHOW_CURSOR = "\u001b[?25h";

/**
 * Live progress on a terminal (stderr): one bar per upload in flight with bytes, percent, speed and
 * ETA; a finished file leaves the bar area and is logged above it, so the number of redrawn lines
 * stays at the concurrency however many files there are.
 */
export class TtyUploadReporter implements UploadReporter {
  private readonly multibar: cliProgress.MultiBar;
  private readonly nameWidth: number;
  private readonly totals = new Map<string, cliProgress.SingleBar>();
  private stopped = false;
  private readonly restoreCursor = (): void => {
    if (!this.stopped) this.stream.write(SHOW_CURSOR);
  };

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly colors: Palette,
    names: readonly string[],
  ) {
    // Fit one line per bar in the terminal: the numbers after the bar take ~52 columns, the name
    // gets up to 30 (truncated from the left), the bar takes what is left (10 to 30 cells).
    const columns = stream.columns || 80;
    const longest = Math.max(...names.map((name) => name.length));
    this.nameWidth = Math.max(8, Math.min(30, longest, columns - 53 - 10));
    const barsize = Math.max(10, Math.min(30, columns - 53 - this.nameWidth));
    this.multibar = new cliProgress.MultiBar({
      stream,
      format: `{name} ${colors.dim("│")}{bar}${colors.dim("│")} {percentage}% {transferred} {rate} ETA {timeLeft}`,
      barsize,
      barCompleteChar: "█",
      barIncompleteChar: "░",
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      autopadding: true,
      gracefulExit: false,
      fps: 10,
    });
    // A second Ctrl-C exits at once from the interrupt handler: never leave the cursor hidden.
    process.once("exit", this.restoreCursor);
  }

  start(item: UploadItem): UploadTracker {
    const speedometer = new Speedometer();
    const startedAt = performance.now();
    const total = Math.max(item.size, 1);
    // Payload names must not shadow cli-progress's own tokens (eta, value, total, duration).
    const payload = (loaded: number) => ({
      name: fitName(item.path, this.nameWidth),
      transferred: `${formatBytes(loaded)}/${formatBytes(item.size)}`.padEnd(19),
      rate: formatRate(speedometer.record(loaded)).padStart(11),
      timeLeft: formatDuration(speedometer.eta(item.size - loaded)),
    });
    const bar = this.multibar.create(total, 0, payload(0));
    let finished = false;
    const finishWith = (line: string): void => {
      if (finished) return;
      finished = true;
      if (this.stopped) {
        // After Ctrl-C the bars are frozen: report the aborted file below them.
        this.stream.write(`${line}\n`);
        return;
      }
      // log() must come before remove(): remove() redraws, which flushes the log above the bars.
      this.multibar.log(`${line}\n`);
      this.multibar.remove(bar);
    };
    return {
      progress: (loaded) => {
        if (!finished && !this.stopped) bar.update(Math.min(loaded, total), payload(loaded));
      },
      done: (file) => {
        const seconds = (performance.now() - startedAt) / 1000;
        const rate = file.size > 0 && seconds > 0 ? ` (${formatRate(file.size / seconds)})` : "";
        finishWith(
          `${this.colors.green("✓")} ${fitName(item.path, this.nameWidth)} ${formatBytes(file.size)} in ${formatElapsed(seconds)}${rate} → ${this.colors.bold(file.id)}`,
        );
      },
      fail: (error) => {
        finishWith(`${this.colors.red("✗")} ${fitName(item.path, this.nameWidth)} ${describeError(error).line}`);
      },
    };
  }

  /** One bar for a directory's whole tree, above the per-file bars: bytes and files done. */
  directoryProgress(dir: string, progress: { loaded: number; total: number; filesDone: number; filesTotal: number }): void {
    if (this.stopped) return;
    const payload = {
      name: fitName(`total ${dir}`, this.nameWidth),
      transferred: `${formatBytes(progress.loaded)}/${formatBytes(progress.total)}`.padEnd(19),
      rate: `${progress.filesDone}/${progress.filesTotal} files`.padStart(11),
      timeLeft: "",
    };
    const total = Math.max(progress.total, 1);
    if (!this.totals.has(dir)) this.totals.set(dir, this.multibar.create(total, 0, payload));
    const bar = this.totals.get(dir)!;
    bar.setTotal(total);
    bar.update(Math.min(progress.loaded, total), payload);
  }

  interrupted(): void {
    this.stop();
  }

  finish(summary: UploadSummary): void {
    this.stop();
    const line = summaryLine(summary);
    const failed = summary.interrupted || summary.outcomes.some((outcome) => !("file" in outcome));
    this.stream.write(`${failed ? this.colors.yellow(line) : this.colors.green(line)}\n`);
  }

  private stop(): void {
    if (this.stopped) return;
    this.multibar.stop();
    this.stopped = true;
    process.off("exit", this.restoreCursor);
  }
}
