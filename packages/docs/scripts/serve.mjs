#!/usr/bin/env node
// `pnpm docs:serve [--port N]`: serves dist/ on http://127.0.0.1:<port> (loopback only) until Ctrl-C.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startStaticServer } from "./static-server.mjs";

const dist = join(dirname(fileURLToPath(import.meta.url)), "../dist");
const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: { port: { type: "string", default: process.env.PORT ?? "4200" } },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`docs:serve: --port must be 0…65535, got "${values.port}"`);
  process.exit(2);
}
if (!existsSync(join(dist, "index.html"))) {
  console.error("docs:serve: dist/index.html is missing: run `pnpm --filter @dilnaka/docs build` (or `pnpm gen`) first.");
  process.exit(1);
}
const server = await startStaticServer(dist, { port });
console.log(`Dilnaka docs on ${server.url} (Ctrl-C to stop)`);
const stop = () => server.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
