// Runs the Redocly CLI pinned in this package, quietly and deterministically: telemetry off (it is
// also written into the page as `disableTelemetry`, so leaving it to the environment would make two
// builds of the same spec differ) and no update notice.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const cli = join(dirname(require.resolve("@redocly/cli/package.json")), "bin/cli.js");

export function redocly(args, { cwd } = {}) {
  const run = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" },
  });
  if (run.status !== 0) {
    throw new Error(`redocly ${args[0]} exited ${run.status}:\n${run.stdout}\n${run.stderr}`);
  }
  return run;
}
