import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startDev } from "./dev-server-process.js";
import { binPath, packageDir } from "./paths.js";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    apiKey: string;
  }
}

/**
 * Builds the binary from the current sources (turbo's `build` has normally done it already; this
 * keeps a bare `vitest` honest), then starts one dev server for all tests with the CLI's own
 * `dilnaka dev --faults`, in its own process group.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  execFileSync(join(packageDir, "node_modules/.bin/tsup"), ["--silent"], { cwd: packageDir, stdio: "inherit" });
  const dataDir = await mkdtemp(join(tmpdir(), "dilnaka-cli-server-"));
  // DILNAKA_E2E_PRISM_PROXY=1 (#17) puts `prism proxy --errors` between the CLI and the API: the one
  // variable of ours that must reach the server, which otherwise starts from a clean environment.
  const proxySwitch = process.env.DILNAKA_E2E_PRISM_PROXY;
  const env: Record<string, string> = proxySwitch ? { DILNAKA_E2E_PRISM_PROXY: proxySwitch } : {};
  const dev = await startDev(binPath, ["--port", "0", "--data-dir", dataDir, "--faults"], dataDir, 120_000, env);
  project.provide("baseUrl", dev.vars.DILNAKA_BASE_URL);
  project.provide("apiKey", dev.vars.DILNAKA_API_KEY);
  return async () => {
    const { code } = await dev.stop("SIGTERM");
    await rm(dataDir, { recursive: true, force: true });
    if (code !== 0) {
      // e.g. spec violations behind the proxy that a test tolerated; vitest only logs a teardown
      // error and would still exit 0.
      process.exitCode = 1;
      throw new Error(`dilnaka dev exited ${code} at the end of the run:\n${dev.stderr()}`);
    }
  };
}
