import { Command, CommanderError, Option } from "commander";
import { registerDev } from "./commands/dev.js";
import { registerDownload } from "./commands/download.js";
import { registerLs } from "./commands/ls.js";
import { registerRm } from "./commands/rm.js";
import { registerUpload } from "./commands/upload.js";
import { registerUrl } from "./commands/url.js";
import { reportError } from "./errors.js";
import { EXIT_CODES_HELP, ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";
import { maskApiKeys } from "./redact.js";

const CONFIG_HELP = `Configuration (first found wins, exactly as in @dilnaka/client):
  1. --api-key / --base-url
  2. DILNAKA_API_KEY / DILNAKA_BASE_URL / DILNAKA_TIMEOUT in the environment
  3. the same names in .env (working directory, or --env-file)
  4. defaults: base URL https://dilnaka.storage.tsnc.tech, timeout 60 s
The API key is never printed. Set DEBUG=dilnaka to see stack traces with errors.`;

/** Builds the `dilnaka` program. Commands report their exit code through `done`. */
export function buildProgram(version: string, io: Io, done: (code: ExitCode) => void): Command {
  const program = new Command("dilnaka")
    .description("Upload, list, share, download and delete files in Dilnaka Storage; run a local dev backend.")
    .version(version, "-v, --version", "print the version")
    .helpOption("-h, --help", "show help for a command")
    .addOption(new Option("--api-key <key>", "API key (dlk_dev_… or dlk_live_…); prefer DILNAKA_API_KEY, flags show up in ps"))
    .addOption(new Option("--base-url <url>", "API base URL, e.g. the dev server's http://127.0.0.1:4100"))
    .addOption(new Option("--env-file <path>", "read this .env file instead of ./.env"))
    .showHelpAfterError("(add --help for usage)")
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      // Commander echoes bad values back ("argument 'dlk_live_…' is invalid"): mask keys there too.
      writeErr: (text) => io.stderr.write(maskApiKeys(text)),
    })
    // Commander would call process.exit(1) on a usage error; we want 2, so it throws instead.
    .exitOverride()
    .addHelpText("after", `\n${CONFIG_HELP}\n\n${EXIT_CODES_HELP}\n`);

  // Settings above (output, exitOverride, help-after-error) are inherited by the commands below.
  registerUpload(program, io, done);
  registerLs(program, io, done);
  registerUrl(program, io, done);
  registerDownload(program, io, done);
  registerRm(program, io, done);
  registerDev(program, io, done);
  for (const command of program.commands) {
    command.addHelpText("after", `\n${EXIT_CODES_HELP}\n`);
  }
  return program;
}

/** Parses argv, runs the command, and returns the process exit code. Never throws. */
export async function run(argv: readonly string[], version: string, io: Io): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCode.ok;
  const program = buildProgram(version, io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv as string[]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its message, or the help/version text that was asked for (exit 0).
      // Anything else, including bare `dilnaka` (help shown because a command is missing), is usage.
      const asked = error.code === "commander.helpDisplayed" || error.code === "commander.version";
      return asked ? ExitCode.ok : ExitCode.usage;
    }
    return reportError(error, io.stderr);
  }
}
