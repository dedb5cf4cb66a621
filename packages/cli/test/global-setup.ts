import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startDevServer } from "@dilnaka/dev-server";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    apiKey: string;
  }
}

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * Builds the binary from the current sources (turbo's `build` has normally done it already; this
 * keeps `vitest` alone honest), then starts one dev server with fault injection for all tests.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  execFileSync(join(packageDir, "node_modules/.bin/tsup"), ["--silent"], { cwd: packageDir, stdio: "inherit" });
  const dataDir = await mkdtemp(join(tmpdir(), "dilnaka-cli-test-"));
  const server = await startDevServer({ port: 0, dataDir, faults: true });
  project.provide("baseUrl", server.baseUrl);
  project.provide("apiKey", server.apiKey);
  return async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
