#!/usr/bin/env node
// Runs the dev server CLI. In the monorepo it runs the TypeScript source through tsx, so
// `pnpm dev-server` works on a fresh clone without a build; a published copy runs dist/.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const source = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
if (existsSync(source)) {
  const { register } = await import("tsx/esm/api");
  register();
  await import(source);
} else {
  await import("../dist/cli.js");
}
