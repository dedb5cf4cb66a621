import { resolve } from "node:path";
import type { Command } from "commander";
import { UsageError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import type { Io } from "../io.js";
import { integerIn } from "../option-parsers.js";

interface DevOptions {
  port?: number;
  dataDir?: string;
}

type DevServerModule = typeof import("@dilnaka/dev-server");

export function registerDev(program: Command, io: Io, done: (code: ExitCode) => void): void {
  program
    .command("dev")
    .description("run a local Dilnaka backend (API + S3-compatible store) until Ctrl-C")
    .option("-p, --port <port>", "port to listen on, 0 for any free port (default: the dev server's)", integerIn(0, 65_535))
    .option("-d, --data-dir <dir>", "where files and metadata are kept between runs (default: the dev server's)")
    .addHelpText(
      "after",
      `
Prints the two lines to paste into another shell, e.g.
  export DILNAKA_BASE_URL=http://127.0.0.1:4100
  export DILNAKA_API_KEY=dlk_dev_…
This is the only command that prints an API key: the dev server's key is a throwaway local one.
Ctrl-C or SIGTERM stops the server and exits 0. Needs the @dilnaka/dev-server package installed.`,
    )
    .action(async (options: DevOptions) => {
      done(await dev(options, io));
    });
}

async function dev(options: DevOptions, io: Io): Promise<ExitCode> {
  const { startDevServer } = await loadDevServer();
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  const server = await startDevServer({
    ...(options.port !== undefined && { port: options.port }),
    ...(dataDir !== undefined && { dataDir }),
  });
  io.stdout.write(`export DILNAKA_BASE_URL=${server.baseUrl}\nexport DILNAKA_API_KEY=${server.apiKey}\n`);
  io.stderr.write(`Dilnaka dev server on ${server.baseUrl}${dataDir ? ` (data in ${dataDir})` : ""}. Ctrl-C to stop.\n`);
  const signal = await new Promise<NodeJS.Signals>((done) => {
    process.once("SIGINT", () => done("SIGINT"));
    process.once("SIGTERM", () => done("SIGTERM"));
  });
  io.stderr.write(`\n${signal === "SIGINT" ? "Ctrl-C" : signal}: stopping the dev server…\n`);
  await server.stop();
  return ExitCode.ok;
}

async function loadDevServer(): Promise<DevServerModule> {
  try {
    return await import("@dilnaka/dev-server");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" && String(error).includes("@dilnaka/dev-server")) {
      throw new UsageError(
        "dilnaka dev needs the @dilnaka/dev-server package, which is not installed.",
        "Install it next to the CLI: npm install --save-dev @dilnaka/dev-server",
      );
    }
    throw error;
  }
}
