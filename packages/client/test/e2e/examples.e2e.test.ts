// The README's examples are real files; each one runs here against the dev server.
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { devServer, partPuts } from "../helpers/dev-server.js";

const run = promisify(execFile);
const server = devServer();
const { baseUrl, apiKey } = server;
const scratch = mkdtempSync(join(tmpdir(), "dilnaka-examples-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const env = { ...process.env, DILNAKA_API_KEY: apiKey, DILNAKA_BASE_URL: baseUrl, DILNAKA_STATE_DIR: join(scratch, "state") };
const MiB = 1024 * 1024;

describe("examples/ run as documented", () => {
  it("upload.mjs uploads a file", async () => {
    const { stdout } = await run(process.execPath, ["examples/upload.mjs", "README.md"], { env });
    expect(stdout).toMatch(/100\.0 %\nuploaded README\.md: id=\w+ key=examples\//);
  });

  it("files.mjs lists, shares and deletes", async () => {
    const { stdout } = await run(process.execPath, ["examples/files.mjs"], { env });
    expect(stdout).toMatch(/hello\.txt/);
    expect(stdout).toMatch(/download for 600 s: http/);
    expect(stdout).toMatch(/deleted: true/);
  });

  it("large.mjs uploads 20 MiB in three parts, resumable (the state file is gone once done)", async () => {
    const path = join(scratch, "video.bin");
    writeFileSync(path, randomBytes(20 * MiB));
    await server.clearStoreRequests();
    const { stdout } = await run(process.execPath, ["examples/large.mjs", path], { env });
    const [, id, size] = /20\.0 \/ 20\.0 MiB\nuploaded video\.bin: id=(\w+) \((\d+) bytes\)/.exec(stdout)!;
    expect(Number(size)).toBe(20 * MiB);
    const file = await server.client().getFile(id!);
    expect(partPuts(await server.storeRequests(), file.key).map((p) => p.bytes).sort((a, b) => b - a)).toEqual([8 * MiB, 8 * MiB, 4 * MiB]);
    const states = join(scratch, "state", "uploads");
    expect(existsSync(states) ? readdirSync(states).filter((f) => f.endsWith(".jsonl")) : []).toEqual([]);
  });

  it("stream.mjs uploads stdin of unknown length in parts", async () => {
    await server.clearStoreRequests();
    const child = spawn(process.execPath, ["examples/stream.mjs", "stdin.tar"], { env, stdio: ["pipe", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    const closed = new Promise((resolve) => child.on("close", resolve));
    child.stdin.end(randomBytes(20 * MiB));
    expect(await closed).toBe(0);
    const [, id] = /uploaded stdin\.tar: id=(\w+) \(20971520 bytes\)/.exec(stdout)!;
    expect(stdout).toContain("20971520 of 20971520 bytes");
    const file = await server.client().getFile(id!);
    expect(partPuts(await server.storeRequests(), file.key).map((p) => p.bytes).sort((a, b) => b - a)).toEqual([16 * MiB, 4 * MiB]);
  });

  it("download.mjs saves a file under its own name, verified", async () => {
    const bytes = randomBytes(2 * MiB);
    const file = await server.client().upload(bytes, { filename: "photo.bin" });
    const into = mkdtempSync(join(scratch, "download-"));
    const { stdout } = await run(process.execPath, ["examples/download.mjs", file.id, into], { env });
    expect(stdout).toContain(`saved ${join(into, "photo.bin")} (${bytes.length} bytes, sha256 ${file.checksumSha256})`);
    expect(readFileSync(join(into, "photo.bin")).equals(bytes)).toBe(true);
  });

  it("directory.mjs uploads a tree and exits 1 naming the file that failed", async () => {
    const tree = mkdtempSync(join(scratch, "tree-"));
    mkdirSync(join(tree, "css"));
    writeFileSync(join(tree, "index.html"), "<h1>hi</h1>");
    writeFileSync(join(tree, "css", "site.css"), "h1{}");
    symlinkSync("/etc/hostname", join(tree, "outside.txt"));
    const failed = await run(process.execPath, ["examples/directory.mjs", tree], { env }).catch((e: { code: number; stdout: string }) => e);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stdout: string }).stdout).toMatch(/3\/3 files, 15 of 15 bytes\nuploaded 2 files\nfailed outside\.txt: .*outside the directory/);
  });

  it("errors.mjs shows typed errors", async () => {
    const { stdout } = await run(process.execPath, ["examples/errors.mjs"], { env });
    expect(stdout).toMatch(/not found \(404 not_found\); hint: /);
    expect(stdout).toMatch(/bad expiresIn: getFileAccessUrl: expiresIn must be an integer/);
  });
});
