import { spawn, type ChildProcess } from "node:child_process";
import { cleanEnv } from "./paths.js";

export interface RunningDev {
  /** The variables `dilnaka dev` printed, ready to pass to the CLI. */
  vars: { DILNAKA_BASE_URL: string; DILNAKA_API_KEY: string };
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Sends `signal` to the process group and resolves with how the process ended. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `node dist/bin.js dev …args` in its own process group and waits for its two export lines.
 * Running the server out of process means its timers and sockets can never keep the test runner alive.
 */
export function startDev(
  binPath: string,
  args: readonly string[],
  cwd: string,
  timeoutMs = 60_000,
  env: Record<string, string> = {},
): Promise<RunningDev> {
  const child = spawn(process.execPath, [binPath, "dev", ...args], {
    cwd,
    env: cleanEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  let err = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    err += chunk;
    check();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal })),
  );
  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(-child.pid!, signal);
      const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 10_000);
      const result = await exited;
      clearTimeout(timer);
      return result;
    }
    return exited;
  };
  let check = (): void => {};
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop("SIGKILL");
      reject(new Error(`dilnaka dev printed no export lines in ${timeoutMs} ms:\n${out}\n${err}`));
    }, timeoutMs);
    // Ready when both export lines (stdout) and the "Ctrl-C to stop" line (stderr) have arrived.
    check = () => {
      const base = /^export DILNAKA_BASE_URL=(\S+)$/m.exec(out)?.[1];
      const key = /^export DILNAKA_API_KEY=(\S+)$/m.exec(out)?.[1];
      if (base && key && err.includes("Ctrl-C to stop.")) {
        clearTimeout(timer);
        resolve({ vars: { DILNAKA_BASE_URL: base, DILNAKA_API_KEY: key }, child, stdout: () => out, stderr: () => err, stop });
      }
    };
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      check();
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`dilnaka dev exited early (${code ?? signal}):\n${out}\n${err}`));
    });
  });
}
