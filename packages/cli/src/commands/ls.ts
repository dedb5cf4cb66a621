import type { Command } from "commander";
import { createClient, type GlobalOptions } from "../client-factory.js";
import { ExitCode } from "../exit-codes.js";
import { formatBytes } from "../format.js";
import type { Io } from "../io.js";
import { integerIn } from "../option-parsers.js";
import { renderTable } from "../render/table.js";
import type { UploadedFile } from "../render/upload-reporter.js";

interface LsOptions {
  limit: number;
  json?: boolean;
}

const MAX_PAGE = 1000; // the API's largest page (spec: listFiles limit ≤ 1000)

export function registerLs(program: Command, io: Io, done: (code: ExitCode) => void): void {
  program
    .command("ls")
    .description("list files, newest first, as an aligned table")
    .option("-n, --limit <n>", "show at most this many files", integerIn(1, 1_000_000), 100)
    .option("--json", "print the files as a JSON array")
    .action(async (options: LsOptions, command: Command) => {
      done(await ls(options, command.optsWithGlobals<GlobalOptions>(), io));
    });
}

async function ls(options: LsOptions, globals: GlobalOptions, io: Io): Promise<ExitCode> {
  const client = createClient(globals, io.stderr);
  const files: UploadedFile[] = [];
  let more = false;
  // One file past the limit tells whether to say that more exist, without another round trip.
  for await (const file of client.listFiles({ limit: Math.min(options.limit + 1, MAX_PAGE) })) {
    if (files.length === options.limit) {
      more = true;
      break;
    }
    files.push(file);
  }
  if (options.json) {
    io.stdout.write(`${JSON.stringify(files, null, 2)}\n`);
    return ExitCode.ok;
  }
  if (files.length === 0) {
    io.stderr.write("No files yet. Upload one with: dilnaka upload <path>\n");
    return ExitCode.ok;
  }
  const lines = renderTable<UploadedFile>(
    [
      { header: "ID", value: (f) => f.id },
      { header: "SIZE", value: (f) => formatBytes(f.size), align: "right" },
      { header: "TYPE", value: (f) => f.contentType ?? "" },
      { header: "STATUS", value: (f) => f.status ?? "" },
      { header: "NAME", value: (f) => f.originalName ?? f.key ?? "" },
    ],
    files,
  );
  io.stdout.write(`${lines.join("\n")}\n`);
  if (more) io.stderr.write(`More files exist: pass --limit ${options.limit * 2} (or more) to see them.\n`);
  return ExitCode.ok;
}
