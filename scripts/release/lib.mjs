// Small shared helpers of the release dry run: run a command (output kept for the error message,
// never streamed: the dry run prints one line per check), time a step, fail with context.
import { spawn } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const bin = {
  turbo: join(root, "node_modules/.bin/turbo"),
  tsc: join(root, "node_modules/.bin/tsc"),
  publint: join(root, "packages/client/node_modules/.bin/publint"),
  attw: join(root, "packages/client/node_modules/.bin/attw"),
  // build, hatchling, twine, check-jsonschema (scripts/setup.sh installs them there).
  toolsPython: join(root, ".cache/tools-venv/bin/python"),
  // mypy of the repo's own checks; it looks only at the fresh venv's site-packages (--python-executable).
  mypy: join(root, ".venv/bin/mypy"),
};

export class DryRunError extends Error {}

/** Runs a command; resolves with its stdout, rejects with the command and its last output lines. */
export function run(cmd, args, { cwd = root, env = process.env, input, timeoutMs = 180_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new DryRunError(`${cmd} could not start: ${error.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(stdout);
      const tail = `${stdout}\n${stderr}`.trim().split("\n").slice(-25).join("\n");
      reject(new DryRunError(`${[cmd, ...args].join(" ")} (in ${cwd}) → ${signal ?? `exit ${code}`}\n${tail}`));
    });
    if (input !== undefined) child.stdin.end(input);
  });
}

const made = [];

/** A fresh folder outside the monorepo (under the OS temp dir), resolved through symlinks. */
export function freshDir(name) {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), `dilnaka-release-${name}-`)));
  made.push(dir);
  return dir;
}

/** Removes every folder freshDir made (the npm project alone is ~70 MB). */
export function removeFreshDirs(keep = []) {
  for (const dir of made) if (!keep.includes(dir)) rmSync(dir, { recursive: true, force: true });
}

export function check(condition, message) {
  if (!condition) throw new DryRunError(message);
}

const started = Date.now();
const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;

/**
 * Runs one named step and prints `✓ name: detail (time)`. The step returns a string (the detail) or
 * an object whose `detail` is printed; the whole value is handed back.
 */
export async function step(name, fn) {
  const t0 = Date.now();
  try {
    const value = await fn();
    const detail = typeof value === "string" ? value : value?.detail;
    console.log(`✓ ${name}${detail ? `: ${detail}` : ""} (${seconds(Date.now() - t0)})`);
    return value;
  } catch (error) {
    console.log(`✗ ${name} (${seconds(Date.now() - t0)})`);
    throw error;
  }
}

export const elapsed = () => seconds(Date.now() - started);

export const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
