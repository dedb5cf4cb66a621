import type { Command } from "commander";
import { createClient, type GlobalOptions } from "../client-factory.js";
import { ExitCode } from "../exit-codes.js";
import type { Io } from "../io.js";
import { integerIn } from "../option-parsers.js";

interface UrlOptions {
  expiresIn?: number;
  json?: boolean;
}

export function registerUrl(program: Command, io: Io, done: (code: ExitCode) => void): void {
  program
    .command("url")
    .description("print a URL to download a file (only the URL on stdout, for $(dilnaka url <id>))")
    .argument("<id>", "file id, as shown by upload and ls")
    .option("-e, --expires-in <seconds>", "make a temporary URL valid this many seconds, 1 to 604800", integerIn(1, 604_800))
    .option("--json", "print { fileId, url, expiresIn, isTemporary, warning? } as JSON")
    .action(async (id: string, options: UrlOptions, command: Command) => {
      done(await url(id, options, command.optsWithGlobals<GlobalOptions>(), io));
    });
}

async function url(id: string, options: UrlOptions, globals: GlobalOptions, io: Io): Promise<ExitCode> {
  const client = createClient(globals, io.stderr);
  const access = await client.getFileAccessUrl(id, options.expiresIn === undefined ? {} : { expiresIn: options.expiresIn });
  if (options.json) {
    io.stdout.write(`${JSON.stringify(access, null, 2)}\n`);
    return ExitCode.ok;
  }
  io.stdout.write(`${access.url}\n`);
  if (access.isTemporary && access.expiresIn !== undefined && access.expiresIn !== null && io.interactive) {
    io.stderr.write(`(valid for ${access.expiresIn} s)\n`);
  }
  return ExitCode.ok;
}
