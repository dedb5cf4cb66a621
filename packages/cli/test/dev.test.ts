import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { binPath, cleanEnv, emptyDir, runCli } from "./run-cli.js";

describe("dilnaka dev", () => {
  it("prints the export lines, serves the API with that key, and stops cleanly on Ctrl-C", async () => {
    const cwd = emptyDir();
    const child = spawn(process.execPath, [binPath, "dev", "--port", "0", "--data-dir", "dev-data"], {
      cwd,
      env: cleanEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.on("close", (code, signal) => resolve({ code, signal })),
    );
    try {
      const vars = await new Promise<Record<string, string>>((resolve, reject) => {
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
          stdout += chunk;
          const found = Object.fromEntries([...stdout.matchAll(/^export (DILNAKA_\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
          if (found.DILNAKA_BASE_URL && found.DILNAKA_API_KEY) resolve(found);
        });
        child.on("close", () => reject(new Error(`dev exited early:\n${stdout}\n${stderr}`)));
      });
      expect(stdout).toMatch(/^export DILNAKA_BASE_URL=http:\/\/127\.0\.0\.1:\d+\nexport DILNAKA_API_KEY=dlk_dev_\S+\n$/);
      expect((await fetch(`${vars.DILNAKA_BASE_URL}/healthz`)).status).toBe(200);
      const listed = await runCli(["ls", "--json"], { env: vars });
      expect(listed.code).toBe(0);
      expect(JSON.parse(listed.stdout)).toEqual([]);
      expect(stderr).toContain("Ctrl-C to stop");
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(existsSync(join(cwd, "dev-data")) && readdirSync(join(cwd, "dev-data")).length).toBeGreaterThan(0);
  });
});
