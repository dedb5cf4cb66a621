import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

export interface CliServer {
  child: ChildProcess;
  baseUrl: string;
  apiKey: string;
  /** Resolves with the exit code / signal when the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

/**
 * Starts the CLI exactly as other packages do (`pnpm --silent dev-server …` from the repo root), in
 * its own process group, and waits for the two stdout lines.
 */
export function startCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliServer> {
  const child = spawn("pnpm", ["--silent", "dev-server", ...args], {
    cwd: REPO_ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dev server did not start: ${err}`)), 45_000);
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      const base = /^DILNAKA_BASE_URL=(\S+)$/m.exec(out);
      const key = /^DILNAKA_API_KEY=(\S+)$/m.exec(out);
      if (base && key) {
        clearTimeout(timer);
        resolve({ child, baseUrl: base[1]!, apiKey: key[1]!, exited, stderr: () => err });
      }
    });
    exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`dev server exited with ${code} before it was ready: ${err}`));
    });
  });
}

/** Signals the whole process group (pnpm, node) of a CLI server. */
export function signalGroup(server: CliServer, signal: NodeJS.Signals): void {
  try {
    process.kill(-server.child.pid!, signal);
  } catch {
    // already gone
  }
}
