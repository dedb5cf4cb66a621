import { stat } from "node:fs/promises";
import type { Command } from "commander";
import { createClient, type GlobalOptions } from "../client-factory.js";
import { mapWithConcurrency } from "../concurrency.js";
import { describeError, UsageError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { onInterrupt } from "../interrupt.js";
import type { Io } from "../io.js";
import { integerIn } from "../option-parsers.js";
import { paletteFor } from "../render/color.js";
import { JsonUploadReporter } from "../render/upload-json.js";
import { PlainUploadReporter } from "../render/upload-plain.js";
import type { UploadItem, UploadOutcome, UploadReporter } from "../render/upload-reporter.js";
import { TtyUploadReporter } from "../render/upload-tty.js";

interface UploadOptions {
  folder?: string;
  contentType?: string;
  concurrency: number;
  json?: boolean;
}

export function registerUpload(program: Command, io: Io, done: (code: ExitCode) => void): void {
  program
    .command("upload")
    .description("upload files, several at a time, with a progress bar per file on a terminal")
    .argument("<paths...>", "files to upload")
    .option("--folder <folder>", 'folder (key prefix) to store the files under (default: "uploads")')
    .option("--content-type <type>", "content type for every file (default: guessed from each name)")
    .option("-c, --concurrency <n>", "files uploaded at the same time, 1 to 16", integerIn(1, 16), 3)
    .option("--json", "print the results as a JSON array instead of lines")
    .addHelpText(
      "after",
      `
Output:
  terminal   a live bar per file (bytes, percent, speed, ETA), then a summary
  pipe/file  one line per file on stdout: <path> -> <file id> (<size>, <content type>)
  --json     [{ "path", "file": { id, key, status, size, contentType, originalName, publicUrl } }
              or { "path", "error": { message, code, status, hint } }, ...]
Ctrl-C aborts the uploads in flight and exits 130; files already uploaded stay uploaded.`,
    )
    .action(async (paths: string[], options: UploadOptions, command: Command) => {
      done(await upload(paths, options, command.optsWithGlobals<GlobalOptions>(), io));
    });
}

async function upload(paths: string[], options: UploadOptions, globals: GlobalOptions, io: Io): Promise<ExitCode> {
  const items = await checkFiles(paths);
  const client = createClient(globals, io.stderr);
  const reporter = pickReporter(options, io, items);
  const interrupt = onInterrupt(() => reporter.interrupted());
  const startedAt = performance.now();
  try {
    const settled = await mapWithConcurrency(
      items,
      options.concurrency,
      async (item) => {
        const tracker = reporter.start(item);
        try {
          const file = await client.upload(item.path, {
            ...(options.folder !== undefined && { folder: options.folder }),
            ...(options.contentType !== undefined && { contentType: options.contentType }),
            signal: interrupt.signal,
            onProgress: ({ loaded, total }) => tracker.progress(loaded, total),
          });
          tracker.done(file);
          return file;
        } catch (error) {
          tracker.fail(error);
          throw error;
        }
      },
      () => interrupt.signal.aborted,
    );
    const outcomes: UploadOutcome[] = items.map((item, i) => {
      const result = settled[i];
      if (!result) return { item, skipped: true };
      return result.status === "fulfilled" ? { item, file: result.value } : { item, error: result.reason };
    });
    const interrupted = interrupt.signal.aborted;
    reporter.finish({ outcomes, elapsedMs: performance.now() - startedAt, interrupted });
    if (interrupted) return ExitCode.interrupted;
    // The worst failure decides: an API error (1) outranks nothing, a usage-type error (2) outranks it.
    return outcomes.reduce<ExitCode>(
      (code, outcome) => ("error" in outcome ? (Math.max(code, describeError(outcome.error).exitCode) as ExitCode) : code),
      ExitCode.ok,
    );
  } finally {
    interrupt.dispose();
  }
}

/** Every path must be a readable regular file; all problems are named at once, before any request. */
async function checkFiles(paths: readonly string[]): Promise<UploadItem[]> {
  const problems: string[] = [];
  const items: UploadItem[] = [];
  for (const path of paths) {
    try {
      const info = await stat(path);
      if (info.isFile()) items.push({ path, size: info.size });
      else problems.push(`${path} is not a regular file`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems.push(code === "ENOENT" ? `${path}: no such file` : code === "EACCES" ? `${path}: permission denied` : `${path}: ${String(error)}`);
    }
  }
  if (problems.length > 0) {
    throw new UsageError(`cannot upload ${problems.join("; ")}.`, "Check the paths; nothing was uploaded.");
  }
  return items;
}

function pickReporter(options: UploadOptions, io: Io, items: readonly UploadItem[]): UploadReporter {
  if (options.json) return new JsonUploadReporter(io.stdout);
  if (io.interactive) return new TtyUploadReporter(io.stderr, paletteFor(io.stderr), items.map((item) => item.path));
  return new PlainUploadReporter(io.stdout, io.stderr);
}
