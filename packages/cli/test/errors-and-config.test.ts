import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, ftruncateSync, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { armFault, clearFaults, setUsage } from "./dev-faults.js";
import { binPath, cleanEnv, emptyDir, runCli } from "./run-cli.js";

const baseUrl = inject("baseUrl");
const apiKey = inject("apiKey");
const server = { DILNAKA_BASE_URL: baseUrl, DILNAKA_API_KEY: apiKey };
const deadBaseUrl = "http://127.0.0.1:9";

function dirWithFile(name = "a.txt", bytes: Uint8Array = randomBytes(1024)): string {
  const dir = emptyDir();
  writeFileSync(join(dir, name), bytes);
  return dir;
}

describe("configuration: flags > environment > .env > defaults", () => {
  it("--base-url beats DILNAKA_BASE_URL", async () => {
    const result = await runCli(["ls", "--json", "--base-url", baseUrl], { env: { ...server, DILNAKA_BASE_URL: deadBaseUrl } });
    expect(result.code).toBe(0);
    expect(Array.isArray(JSON.parse(result.stdout))).toBe(true);
  });

  it("a .env in the working directory is read when the environment has nothing", async () => {
    const dir = emptyDir();
    writeFileSync(join(dir, ".env"), `DILNAKA_API_KEY=${apiKey}\nDILNAKA_BASE_URL=${baseUrl}\n`);
    const result = await runCli(["ls", "--json"], { cwd: dir });
    expect(result.code).toBe(0);
  });

  it("the environment beats .env, and --env-file picks another file", async () => {
    const dir = emptyDir();
    writeFileSync(join(dir, ".env"), `DILNAKA_BASE_URL=${baseUrl}\n`);
    writeFileSync(join(dir, "other.env"), `DILNAKA_API_KEY=${apiKey}\nDILNAKA_BASE_URL=${baseUrl}\n`);
    const envWins = await runCli(["ls"], { cwd: dir, env: { DILNAKA_API_KEY: apiKey, DILNAKA_BASE_URL: deadBaseUrl } });
    expect(envWins.code).toBe(1); // the dead URL from the environment was used, not the .env one
    const otherFile = await runCli(["ls", "--json", "--env-file", "other.env"], { cwd: dir });
    expect(otherFile.code).toBe(0);
  });

  it("an unreachable API is an error with a hint, exit 1, no stack trace", async () => {
    const result = await runCli(["ls"], { env: { ...server, DILNAKA_BASE_URL: deadBaseUrl, DILNAKA_TIMEOUT: "5" } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: .+\n$/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("API and storage errors print one line with the hint", () => {
  afterEach(() => clearFaults(baseUrl));

  it("a wrong key: 401 with the hint, exit 1, and the key is never printed", async () => {
    const wrongKey = "dlk_dev_thisKeyDoesNotExist9876";
    const result = await runCli(["ls", "--api-key", wrongKey], { env: { DILNAKA_BASE_URL: baseUrl } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: listFiles GET \/v1\/files failed: 401 unauthorized: .+ Hint: Check the API key \(DILNAKA_API_KEY or --api-key\).*\n$/);
    expect(result.stdout + result.stderr).not.toContain("thisKeyDoesNotExist");
  });

  it("the API failing past the retries: exit 1 with the server-side hint", async () => {
    await armFault(baseUrl, { target: "api", operation: "listFiles", status: 503, times: 3 });
    const result = await runCli(["ls"], { env: server });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: listFiles GET \/v1\/files failed after 3 attempts: 503 .+ Hint: .+\n$/);
  });

  it("the API recovering within the retries: exit 0", async () => {
    await armFault(baseUrl, { target: "api", operation: "listFiles", status: 503, times: 2 });
    const result = await runCli(["ls", "--json"], { env: server });
    expect(result.code).toBe(0);
  });

  it("storage refusing the PUT: the file's line names it with the storage hint, exit 1, others still upload", async () => {
    const dir = dirWithFile("refused.txt");
    writeFileSync(join(dir, "fine.txt"), "fine\n");
    await armFault(baseUrl, { target: "store", operation: "put", status: 403, times: 1 });
    const result = await runCli(["upload", "refused.txt", "fine.txt", "--concurrency", "1"], { cwd: dir, env: server });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: refused\.txt: storage PUT \S+ failed: 403.* Hint: .+$/m);
    expect(result.stdout).toMatch(/^fine\.txt -> \S+ \(5 B, text\/plain\)$/m);
    expect(result.stderr).toMatch(/^1 uploaded, 1 failed \(/m);
  });

  it("`upload --json` reports a failure as an error entry with code, status and hint", async () => {
    const dir = dirWithFile("refused.txt");
    await armFault(baseUrl, { target: "store", operation: "put", status: 403, times: 1 });
    const result = await runCli(["upload", "--json", "refused.txt"], { cwd: dir, env: server });
    expect(result.code).toBe(1);
    const [entry] = JSON.parse(result.stdout) as { path: string; error: Record<string, unknown> }[];
    expect(entry).toMatchObject({ path: "refused.txt", error: { status: 403 } });
    expect(entry!.error.hint).toEqual(expect.any(String));
  });
});

describe("bandwidth quotas (seed 001) reach the terminal", () => {
  const GB = 1_000_000_000;
  afterEach(() => setUsage(baseUrl, apiKey, { plan: "free", bandwidthBytes: 0 }));

  async function uploadedId(): Promise<string> {
    const result = await runCli(["upload", "--json", "a.txt"], { cwd: dirWithFile(), env: server });
    return (JSON.parse(result.stdout) as { file: { id: string } }[])[0]!.file.id;
  }

  it("free plan past its bandwidth: `url` fails with 402 and the upgrade hint, exit 1", async () => {
    const id = await uploadedId();
    await setUsage(baseUrl, apiKey, { plan: "free", bandwidthBytes: 6 * GB });
    const result = await runCli(["url", id], { env: server });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^error: getFileAccessUrl GET \/v1\/files\/\S+\/access-url failed: 402 bandwidth_limit_exceeded: .+ Hint: .*upgrade.*\n$/i);
  });

  it("paid plan in overage: `url` still prints the URL, and the warning goes to stderr, exit 0", async () => {
    const id = await uploadedId();
    await setUsage(baseUrl, apiKey, { plan: "pro", bandwidthBytes: 60 * GB });
    const result = await runCli(["url", id], { env: server });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^https?:\/\/\S+\n$/);
    expect(result.stderr).toMatch(/^warning: bandwidth_overage_active: .+\n$/);
  });
});

describe("Ctrl-C without a terminal", () => {
  afterEach(() => clearFaults(baseUrl));

  it("SIGINT aborts the upload in flight: exit 130, a plain summary, no completed file", async () => {
    const dir = emptyDir();
    const name = `sigint-${Date.now()}.bin`;
    const fd = openSync(join(dir, name), "w");
    ftruncateSync(fd, 32 * 1024 * 1024);
    closeSync(fd);
    // The storage holds the PUT for 10 s, so the upload is surely in flight when SIGINT comes.
    await armFault(baseUrl, { target: "store", operation: "put", delayMs: 10_000, times: 1 });
    const child = spawn(process.execPath, [binPath, "upload", name], { cwd: dir, env: cleanEnv(server) });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const sentAt = Date.now();
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(Date.now() - sentAt).toBeLessThan(5000);
    expect(stdout).toBe("");
    expect(stderr).toMatch(new RegExp(`^error: ${name}: interrupted\n`));
    expect(stderr).toMatch(/^Interrupted: 0 uploaded, 1 aborted \(/m);
    expect(stderr).not.toMatch(/\n\s+at /);
    // The presigned record may stay `pending`; what matters is that it was never completed.
    const listed = JSON.parse((await runCli(["ls", "--json", "--limit", "1000"], { env: server })).stdout) as {
      originalName: string;
      status: string;
    }[];
    expect(listed.filter((file) => file.originalName === name && file.status === "uploaded")).toEqual([]);
  });
});
