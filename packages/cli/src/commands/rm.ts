import type { Command } from "commander";
import { createClient, type GlobalOptions } from "../client-factory.js";
import { confirm } from "../confirm.js";
import { describeError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import type { Io } from "../io.js";

interface RmOptions {
  yes?: boolean;
}

export function registerRm(program: Command, io: Io, done: (code: ExitCode) => void): void {
  program
    .command("rm")
    .description("delete files (asks first on a terminal unless --yes)")
    .argument("<ids...>", "file ids, as shown by upload and ls")
    .option("-y, --yes", "do not ask for confirmation")
    .addHelpText("after", "\nEach id is tried even when an earlier one fails; the exit code is 1 if any failed.")
    .action(async (ids: string[], options: RmOptions, command: Command) => {
      done(await rm(ids, options, command.optsWithGlobals<GlobalOptions>(), io));
    });
}

async function rm(ids: string[], options: RmOptions, globals: GlobalOptions, io: Io): Promise<ExitCode> {
  // Build the client first: a missing key should fail before the question, not after it.
  const client = createClient(globals, io.stderr);
  if (!options.yes && io.canPrompt) {
    const what = ids.length === 1 ? `file ${ids[0]}` : `${ids.length} files (${ids.join(", ")})`;
    const answer = await confirm(`Delete ${what}? This cannot be undone.`, io.stdin, io.stderr);
    if (answer.interrupted) return ExitCode.interrupted;
    if (!answer.yes) {
      io.stderr.write("Nothing deleted.\n");
      return ExitCode.ok;
    }
  }
  let code: ExitCode = ExitCode.ok;
  for (const id of ids) {
    try {
      await client.deleteFile(id);
      io.stdout.write(`deleted ${id}\n`);
    } catch (error) {
      const described = describeError(error);
      io.stderr.write(`error: ${id}: ${described.line}\n`);
      code = Math.max(code, described.exitCode) as ExitCode;
    }
  }
  return code;
}
