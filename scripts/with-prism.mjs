#!/usr/bin/env node
// Usage: node scripts/with-prism.mjs <command> [args…]
//
// Starts `prism mock spec/openapi.yaml` on a free loopback port, waits until it answers, runs the
// command with DILNAKA_BASE_URL pointing at it, and always stops Prism afterwards: when the command
// succeeds, fails, or this script is interrupted. Exits with the command's exit code.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: node scripts/with-prism.mjs <command> [args…]");
  process.exit(2);
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function waitUntilAnswering(url, prism, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (prism.exitCode !== null) throw new Error(`Prism exited with code ${prism.exitCode} before it answered`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return; // any HTTP answer (Prism says 401 without a key) means it is up
    } catch {
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  throw new Error(`Prism did not answer at ${url} within ${timeoutMs / 1000} s`);
}

const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
// Started directly (not through npx) and in its own process group, so stopping it stops everything.
const prism = spawn(join(root, "node_modules/.bin/prism"), ["mock", join(root, "spec/openapi.yaml"), "-h", "127.0.0.1", "-p", String(port), "--errors"], {
  cwd: root,
  detached: true,
  stdio: ["ignore", "ignore", "pipe"],
});
let prismLog = "";
prism.stderr.on("data", (d) => (prismLog = (prismLog + d).slice(-8000)));

function stopPrism() {
  if (prism.exitCode === null) {
    try {
      process.kill(-prism.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
}
process.on("exit", stopPrism);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    stopPrism();
    process.exit(130);
  });
}

try {
  await waitUntilAnswering(`${baseUrl}/v1/files`, prism);
} catch (error) {
  console.error(`with-prism: ${error.message}\n${prismLog}`);
  process.exit(1);
}
console.error(`with-prism: Prism mock of spec/openapi.yaml at ${baseUrl}`);

const child = spawn(command, args, {
  stdio: "inherit",
  env: { ...process.env, DILNAKA_BASE_URL: baseUrl, DILNAKA_PRISM_URL: baseUrl },
});
child.on("exit", (code, signal) => {
  stopPrism();
  process.exit(code ?? (signal ? 128 : 1));
});
