// `dilnaka download <id>… [--out DIR|-]`: the client's download (temp file + fsync + rename, Range
// continuation after a reset, size and SHA-256 verified), a bar per file on a terminal, `-` for a
// pipe (the bytes on stdout, nothing else there).

import { mkdir } from "node:fs/promises";
import { Writable } from "node:stream";
import type { Command } from "commander";
import cliProgress from "cli-progress";
import { createClient, type GlobalOptions } from "../client-factory.js";
import { mapWithConcurrency } from "../concurrency.js";
import { describeError, UsageError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { formatBytes } from "../format.js";
import { onInterrupt } from "../interrupt.js";
import type { Io } from "../io.js";
import { integerIn } from "../option-parsers.js";
import { maskApiKeys } from "../redact.js";

interface DownloadOptions {
  out: string;
  concurrency: number;
  json?: boolean;
}

export function registerDownload(program: Command, io: Io, done: (code: ExitCode) => void): void {
  program
    .command("download")
    .description("download files by id, verified (size and SHA-256), into a directory or to stdout")
    .argument("<ids...>", "file ids, as shown by upload and ls")
    .option("-o, --out <dir|->", "directory to write into (each file keeps its name), or - for stdout", ".")
    .option("-c, --concurrency <n>", "files downloaded at the same time, 1 to 16", integerIn(1, 16), 3)
    .option("--json", "print [{ id, path, size, checksumSha256 } or { id, error }] as JSON")
    .addHelpText(
      "after",
      `
A file is written beside its destination and renamed only once complete and verified, so a failed
download never leaves a partial file under its name. A reset mid-file continues where it stopped.
--out - writes the bytes of every id, in order, to stdout (for pipes); progress goes to stderr.`,
    )
    .action(async (ids: string[], options: DownloadOptions, command: Command) => {
      done(await download(ids, options, command.optsWithGlobals<GlobalOptions>(), io));
    });
}

type Outcome = { id: string; path: string; size: number; checksumSha256: string | null } | { id: string; error: unknown };

async function download(ids: string[], options: DownloadOptions, globals: GlobalOptions, io: Io): Promise<ExitCode> {
  const toStdout = options.out === "-";
  if (toStdout && options.json) throw new UsageError("--json and --out - both want stdout.", "Drop one of them.");
  const client = createClient(globals, io.stderr);
  const bars = io.stderr.isTTY ? new cliProgress.MultiBar({ stream: io.stderr, format: "{id} │{bar}│ {percentage}% {done}", hideCursor: true, fps: 10, clearOnComplete: true }) : null;
  const interrupt = onInterrupt(() => bars?.stop());
  const one = async (id: string): Promise<Outcome> => {
    const bar = bars?.create(1, 0, { id, done: "" });
    const onProgress = ({ loaded, total }: { loaded: number; total?: number | null }) => {
      bar?.setTotal(Math.max(total ?? loaded, 1));
      bar?.update(loaded, { id, done: `${formatBytes(loaded)}/${formatBytes(total ?? loaded)}` });
    };
    try {
      if (toStdout) {
        const stream = await client.downloadStream(id, { onProgress, signal: interrupt.signal });
        await stream.pipeTo(Writable.toWeb(nonClosing(io.stdout)));
        return { id, path: "-", size: 0, checksumSha256: null };
      }
      await mkdir(options.out, { recursive: true });
      const result = await client.download(id, options.out, { onProgress, signal: interrupt.signal });
      return { id, path: result.path!, size: result.size, checksumSha256: result.checksumSha256 };
    } catch (error) {
      return { id, error };
    } finally {
      if (bar) bars!.remove(bar);
    }
  };
  try {
    // Bytes to stdout must not interleave: one file after another there.
    const settled = await mapWithConcurrency(ids, toStdout ? 1 : options.concurrency, one, () => interrupt.signal.aborted);
    bars?.stop();
    const outcomes = settled.map((r, i) => (r?.status === "fulfilled" ? r.value : { id: ids[i]!, error: r?.reason ?? new Error("not started: interrupted") }));
    report(outcomes, options, io, toStdout);
    if (interrupt.signal.aborted) return ExitCode.interrupted;
    return outcomes.reduce<ExitCode>((code, o) => ("error" in o ? (Math.max(code, describeError(o.error).exitCode) as ExitCode) : code), ExitCode.ok);
  } finally {
    interrupt.dispose();
  }
}

function report(outcomes: Outcome[], options: DownloadOptions, io: Io, toStdout: boolean): void {
  if (options.json) {
    const entries = outcomes.map((o) => ("error" in o ? { id: o.id, error: errorJson(o.error) } : o));
    io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    return;
  }
  for (const o of outcomes) {
    if ("error" in o) io.stderr.write(`error: ${o.id}: ${describeError(o.error).line}\n`);
    else if (!toStdout) io.stdout.write(`${o.id} -> ${o.path} (${formatBytes(o.size)}, ${o.checksumSha256 ? "sha256 verified" : "size verified"})\n`);
  }
}

function errorJson(error: unknown): Record<string, unknown> {
  const fields = (error ?? {}) as { code?: unknown; status?: unknown; hint?: unknown };
  return {
    message: maskApiKeys(error instanceof Error ? error.message : String(error)),
    ...(typeof fields.code === "string" && { code: fields.code }),
    ...(typeof fields.status === "number" && { status: fields.status }),
    ...(typeof fields.hint === "string" && { hint: fields.hint }),
  };
}

/** stdout is shared by every file (and the process): piping one file must not end it. */
function nonClosing(stream: NodeJS.WritableStream): Writable {
  return new Writable({
    write: (chunk, _encoding, callback) => (stream.write(chunk) ? callback() : stream.once("drain", () => callback())),
    final: (callback) => callback(),
  });
}
