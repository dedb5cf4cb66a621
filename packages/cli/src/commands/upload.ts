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
import { uploadTree } from "./upload-directory.js";

interface UploadOptions {
  folder?: string;
  contentType?: string;
  concurrency: number;
  json?: boolean;
  recursive?: boolean;
}

export function registerUpload(program: Command, io: Io, done: (code: ExitCode) => void): void {
  program
    .command("upload")
    .description("upload files, several at a time, with a progress bar per file on a terminal")
    .argument("<paths...>", "files to upload (directories with --recursive)")
    .option("--folder <folder>", 'folder (key prefix) to store the files under (default: "uploads")')
    .option("--content-type <type>", "content type for every file (default: guessed from each name)")
    .option("-c, --concurrency <n>", "files uploaded at the same time, 1 to 16", integerIn(1, 16), 3)
    .option("-r, --recursive", "upload the files of each directory given, under --folder/<relative dir>")
    .option("--json", "print the results as a JSON array instead of lines")
    .addHelpText(
      "after",
      `
Output:
  terminal   a live bar per file (bytes, percent, speed, ETA), then a summary
  pipe/file  one line per file on stdout: <path> -> <file id> (<size>, <content type>)
  --json     [{ "path", "file": { id, key, status, size, contentType, originalName, publicUrl } }
              or { "path", "error": { message, code, status, hint } }, ...]
With --recursive a directory's files keep their relative paths: dir/a/b.txt goes to
<folder>/a/b.txt; symlinks are followed only inside the directory; one failed file never stops
the others, and any failure makes the exit code 1.
Ctrl-C aborts the uploads in flight and exits 130; files already uploaded stay uploaded.`,
    )
    .action(async (paths: string[], options: UploadOptions, command: Command) => {
      done(await upload(paths, options, command.optsWithGlobals<GlobalOptions>(), io));
    });
}

async function upload(paths: string[], options: UploadOptions, globals: GlobalOptions, io: Io): Promise<ExitCode> {
  const { files: items, dirs } = await checkPaths(paths, options.recursive === true);
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
    const fromTrees: UploadOutcome[] = [];
    for (const dir of dirs) {
      if (interrupt.signal.aborted) break;
      const run = { dir, folder: options.folder, contentType: options.contentType, concurrency: options.concurrency, signal: interrupt.signal };
      try {
        fromTrees.push(...(await uploadTree(client, reporter, run)));
      } catch (error) {
        fromTrees.push({ item: { path: dir, size: 0 }, error }); // aborted, or the directory vanished
      }
    }
    outcomes.push(...fromTrees);
    const interrupted = interrupt.signal.aborted;
    reporter.finish({ outcomes, elapsedMs: performance.now() - startedAt, interrupted });
    if (interrupted) return ExitCode.interrupted;
    // The worst failure decides: an API error (1) outranks nothing, a usage-type error (2) outranks it.
    // A file of a tree that failed (even one the walk refused, like a link out of it) is 1: the
    // command line itself was right.
    const treeFailed = fromTrees.some((outcome) => "error" in outcome);
    return outcomes.slice(0, items.length).reduce<ExitCode>(
      (code, outcome) => ("error" in outcome ? (Math.max(code, describeError(outcome.error).exitCode) as ExitCode) : code),
      treeFailed ? ExitCode.apiError : ExitCode.ok,
    );
  } finally {
    interrupt.dispose();
  }
}

/**
 * Every path must be a readable regular file, or a directory with --recursive; all problems are
 * named at once, before any request.
 */
async function checkPaths(paths: readonly string[], recursive: boolean): Promise<{ files: UploadItem[]; dirs: string[] }> {
  const problems: string[] = [];
  const files: UploadItem[] = [];
  const dirs: string[] = [];
  for (const path of paths) {
    try {
      const info = await stat(path);
      if (info.isFile()) files.push({ path, size: info.size });
      else if (info.isDirectory() && recursive) dirs.push(path);
      else problems.push(`"${path}": ${info.isDirectory() ? "it is a directory" : "it is not a regular file"}`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems.push(`"${path}": ${code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : String(error)}`);
    }
  }
  if (problems.length > 0) {
    const directory = problems.some((p) => p.endsWith("it is a directory"));
    throw new UsageError(
      `upload: cannot upload ${problems.join("; ")}`,
      `${directory ? "Add --recursive to upload a directory's files. " : ""}Check the paths; nothing was uploaded.`,
    );
  }
  return { files, dirs };
}

function pickReporter(options: UploadOptions, io: Io, items: readonly UploadItem[]): UploadReporter {
  if (options.json) return new JsonUploadReporter(io.stdout);
  if (io.interactive) return new TtyUploadReporter(io.stderr, paletteFor(io.stderr), items.map((item) => item.path));
  return new PlainUploadReporter(io.stdout, io.stderr);
}
