import { spawn } from "node:child_process";
import { binPath, cleanEnv } from "./paths.js";
import { emptyDir } from "./temp-dirs.js";

export { binPath, cleanEnv, packageDir } from "./paths.js";
export { emptyDir } from "./temp-dirs.js";

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Variables on top of a clean environment (PATH and HOME only, no DILNAKA_*). */
  env?: Record<string, string>;
  /** Default: a fresh empty directory, so no stray .env is read. */
  cwd?: string;
  input?: string;
}

/** Runs `node dist/bin.js …args` as a user would (stdio are pipes: not a TTY). */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      cwd: options.cwd ?? emptyDir(),
      env: cleanEnv(options.env),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}
