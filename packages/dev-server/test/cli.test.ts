import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { client } from "./helpers/api.js";
import { signalGroup, startCli } from "./helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "dilnaka-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("`pnpm dev-server` prints the two lines, answers /healthz and stops on SIGTERM", async () => {
  const server = await startCli(["--port", "0", "--data-dir", dir, "--faults", "--multipart-ttl", "120"]);
  try {
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.apiKey).toMatch(/^dlk_dev_[A-Za-z0-9_-]+$/);
    const health = await fetch(`${server.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    const created = await client(server.baseUrl, server.apiKey).createMultipart({ filename: "a.bin", contentType: "text/plain", size: 1 });
    expect(created.body.expiresIn).toBe(120);
    signalGroup(server, "SIGTERM");
    const { code, signal } = await server.exited;
    expect(code === 0 || signal === "SIGTERM").toBe(true);
    expect(server.stderr()).not.toContain(server.apiKey);
  } finally {
    signalGroup(server, "SIGKILL");
  }
});

it("`--no-multipart` answers createMultipartUpload with the normal 404", async () => {
  const server = await startCli(["--port", "0", "--data-dir", dir, "--no-multipart"]);
  try {
    const res = await client(server.baseUrl, server.apiKey).createMultipart({ filename: "a.bin", contentType: "text/plain", size: 1 });
    expect(res.status).toBe(404);
    expect(res.body.message).toBe("No route for POST /v1/uploads/multipart.");
  } finally {
    signalGroup(server, "SIGKILL");
    await server.exited;
  }
});
