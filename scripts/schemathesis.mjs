#!/usr/bin/env node
// Usage: node scripts/schemathesis.mjs [extra st arguments…]
//
// Proves that spec/openapi.yaml and the dev server agree: starts a fresh dev server (new data dir,
// pro plan, free loopback port), runs schemathesis (`st`, pinned in .cache/tools-venv by
// scripts/setup.sh) with every check and every phase (examples, coverage, fuzzing, stateful through
// the spec's links), and exits non-zero on any failure. Bounded: `--max-time` (fuzzing and stateful
// repeat until it is spent) and a small `-n`, so CI pays about 1.5 minutes.
//
// The seed is fixed (DILNAKA_SCHEMATHESIS_SEED, default 17): a red run then means this commit broke
// something, reproducible with the same command, not that a new random draw found an old corner.
// DILNAKA_SCHEMATHESIS_SEED=random explores new inputs (the seed is printed either way).
// DILNAKA_SCHEMATHESIS_MAX_TIME (seconds, default 90) and DILNAKA_SCHEMATHESIS_EXAMPLES (default 10).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const st = join(root, ".cache/tools-venv/bin/st");
if (!existsSync(st)) {
  console.error(`schemathesis: ${st} is missing; run \`bash scripts/setup.sh\` (it installs schemathesis 4.32.5 there).`);
  process.exit(2);
}

const env = process.env;
const seed = env.DILNAKA_SCHEMATHESIS_SEED === "random" ? String(Math.floor(Math.random() * 2 ** 31)) : (env.DILNAKA_SCHEMATHESIS_SEED ?? "17");
const maxTime = env.DILNAKA_SCHEMATHESIS_MAX_TIME ?? "90";
const examples = env.DILNAKA_SCHEMATHESIS_EXAMPLES ?? "10";
const dataDir = mkdtempSync(join(tmpdir(), "dilnaka-schemathesis-"));
// st keeps a cache (.schemathesis/, examples it found before) in its working directory: a fresh one
// per run keeps the repo clean and a run with a given seed the same run.
const stDir = mkdtempSync(join(tmpdir(), "dilnaka-st-"));

// The dev server in its own process group, so stopping it stops tsx and everything under it.
const server = spawn(process.execPath, [join(root, "packages/dev-server/bin/dev-server.mjs"), "--port", "0", "--data-dir", dataDir, "--plan", "pro"], {
  cwd: root,
  detached: true,
  stdio: ["ignore", "pipe", "pipe"],
  // Schemathesis sends off-spec requests on purpose and checks the server's own answers: never behind
  // the e2e suites' Prism proxy, even when CI sets DILNAKA_E2E_PRISM_PROXY=1 for the whole run.
  env: { ...env, DILNAKA_E2E_PRISM_PROXY: "" },
});
let serverLog = "";
server.stderr.on("data", (d) => (serverLog = (serverLog + d).slice(-20_000)));

function stop() {
  if (server.exitCode === null && server.signalCode === null) {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(stDir, { recursive: true, force: true });
}
process.on("exit", stop);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => process.exit(130));

/** The server prints DILNAKA_BASE_URL=… and DILNAKA_API_KEY=… on stdout once it is ready. */
function ready(timeoutMs = 60_000) {
  return new Promise((ok, fail) => {
    const found = {};
    const timer = setTimeout(() => fail(new Error(`the dev server was not ready within ${timeoutMs / 1000} s`)), timeoutMs);
    server.once("exit", (code) => fail(new Error(`the dev server exited with code ${code} before it was ready`)));
    createInterface({ input: server.stdout }).on("line", (line) => {
      const m = /^(DILNAKA_BASE_URL|DILNAKA_API_KEY)=(.+)$/.exec(line);
      if (m) found[m[1]] = m[2];
      if (found.DILNAKA_BASE_URL && found.DILNAKA_API_KEY) {
        clearTimeout(timer);
        ok(found);
      }
    });
  });
}

let baseUrl, apiKey;
try {
  ({ DILNAKA_BASE_URL: baseUrl, DILNAKA_API_KEY: apiKey } = await ready());
} catch (error) {
  console.error(`schemathesis: ${error.message}\n${serverLog}`);
  process.exit(1);
}

const args = [
  "--config-file", join(root, "scripts/schemathesis.toml"),
  "run", join(root, "spec/openapi.yaml"),
  "--url", baseUrl,
  "--header", `Authorization: Bearer ${apiKey}`,
  "--checks", "all",
  "--phases", "examples,coverage,fuzzing,stateful",
  "--max-examples", examples,
  "--max-time", maxTime,
  "--seed", seed,
  "--workers", "1",
  "--request-timeout", "30",
  ...process.argv.slice(2),
];
console.error(`schemathesis: dev server at ${baseUrl} (data ${dataDir}); st … --seed ${seed} --max-time ${maxTime} -n ${examples}`);
const run = spawn(st, args, { cwd: stDir, stdio: "inherit", env: { ...env, SCHEMATHESIS_TELEMETRY: "false" } });
run.on("exit", (code, signal) => {
  if (code !== 0) console.error(`schemathesis: failed (exit ${code ?? signal}); reproduce with DILNAKA_SCHEMATHESIS_SEED=${seed} node scripts/schemathesis.mjs\n--- dev server stderr (last lines) ---\n${serverLog.slice(-4000)}`);
  process.exit(code ?? 1);
});
