import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { signalGroup, startCli } from "./helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "dilnaka-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("`pnpm dev-server` prints the two lines, answers /healthz and stops on SIGTERM", async () => {
  const server = await startCli(["--port", "0", "--data-dir", dir, "--faults"]);
  try {
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.apiKey).toMatch(/^dlk_dev_[A-Za-z0-9_-]+$/);
    const health = await fetch(`${server.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    signalGroup(server, "SIGTERM");
    const { code, signal } = await server.exited;
    expect(code === 0 || signal === "SIGTERM").toBe(true);
    expect(server.stderr()).not.toContain(server.apiKey);
  } finally {
    signalGroup(server, "SIGKILL");
  }
});
