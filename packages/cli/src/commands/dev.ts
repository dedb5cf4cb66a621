import { resolve } from "node:path";
import { type Command, Option } from "commander";
import { UsageError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import type { Io } from "../io.js";
import { integerIn } from "../option-parsers.js";

interface DevOptions {
  port: number;
  dataDir: string;
  faults?: boolean;
  plan?: "free" | "pro" | "usage";
}

type DevServerModule = typeof import("@dilnaka/dev-server");

export function registerDev(program: Command, io: Io, done: (code: ExitCode) => void): void {
  program
    .command("dev")
    .description("run a local Dilnaka backend (API + S3-compatible store) until Ctrl-C")
    .option("-p, --port <port>", "port to listen on, 0 for any free port", integerIn(0, 65_535), 4100)
    .option("-d, --data-dir <dir>", "where files and metadata are kept between runs", ".dilnaka-dev")
    .addOption(new Option("--plan <plan>", "plan of the dev account (quotas); default: the data dir's, else free").choices(["free", "pro", "usage"]))
    .option("--faults", "turn on fault injection (X-Dilnaka-Fault header, /__dev/faults) to test error handling")
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
  // Listen before anything is printed or started: a Ctrl-C during the start (which takes seconds)
  // or right after the export lines must still stop the server cleanly, never kill it half-way.
  const stopRequested = new Promise<NodeJS.Signals>((done) => {
    process.once("SIGINT", () => done("SIGINT"));
    process.once("SIGTERM", () => done("SIGTERM"));
  });
  // The AWS SDK inside the dev server warns on every start that its next versions need Node 22.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const { startDevServer } = await loadDevServer();
  const dataDir = resolve(options.dataDir);
  const server = await startDevServer({
    port: options.port,
    dataDir,
    ...(options.faults && { faults: true }),
    ...(options.plan !== undefined && { plan: options.plan }),
  });
  const extras = [options.faults ? "fault injection on" : "", options.plan ? `plan ${options.plan}` : ""].filter(Boolean);
  io.stderr.write(`Dilnaka dev server on ${server.baseUrl} (data in ${dataDir}${extras.map((e) => `, ${e}`).join("")}). Ctrl-C to stop.\n`);
  io.stdout.write(`export DILNAKA_BASE_URL=${server.baseUrl}\nexport DILNAKA_API_KEY=${server.apiKey}\n`);
  const signal = await stopRequested;
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
