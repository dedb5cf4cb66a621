// Resume after kill -9: a child process uploads with resume on and is killed once four parts are
// stored; the same call then continues that upload, sends only the missing parts (counted in the
// store front's request log) and the stored bytes equal the file. Also: the state file on disk is
// exactly spec/upload-state.md's format, and client.resumeUpload(fileId, source) finishes an
// upload whose parts were sent by hand.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { devServer, partPuts, sha256OfUrl } from "../helpers/dev-server.js";

const MiB = 1024 * 1024;
const server = devServer();
const client = server.client();
const bytes = randomBytes(33 * MiB + 5); // 7 parts of 5 MiB, the last 3 MiB + 5 bytes
const sha = createHash("sha256").update(bytes).digest("hex");
const OPTIONS = { resume: true, partSize: 5 * MiB, multipartThreshold: 8 * MiB, concurrency: 2 } as const;
let dir: string;
let path: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "dilnaka-resume-e2e-"));
  path = join(dir, "backup.tar");
  writeFileSync(path, bytes);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stored = async () => (await server.storeRequests()).filter((r) => r.method === "PUT" && r.partNumber !== null && r.status === 200).map((r) => r.partNumber);

describe("kill -9 mid-upload, then the same call", () => {
  it("sends only the missing parts, to the same upload, and the bytes match", async () => {
    const stateDir = join(dir, "state");
    await server.clearStoreRequests();
    // Parts 5 and 6 are held by the store, so the child is surely mid-upload when it dies.
    await server.arm([5, 6].map((part) => ({ target: "store", operation: "put", part, delayMs: 8_000 })));
    const child = spawn(process.execPath, [join(import.meta.dirname, "../helpers/resume-child.mjs"), path, stateDir], {
      env: { ...process.env, DILNAKA_API_KEY: server.apiKey, DILNAKA_BASE_URL: server.baseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    // Four parts stored, and their four lines written (storage answers before the line is appended).
    const partLines = () => {
      const uploads = join(stateDir, "uploads");
      const [name] = existsSync(uploads) ? readdirSync(uploads).filter((f) => f.endsWith(".jsonl")) : [];
      return name ? readFileSync(join(uploads, name), "utf8").split("\n").length - 2 : 0;
    };
    try {
      for (let i = 0; ; i++) {
        const parts = await stored();
        if ([1, 2, 3, 4].every((n) => parts.includes(n)) && partLines() === 4) break;
        if (i > 600 || child.exitCode !== null) throw new Error(`the child did not store parts 1-4 (${parts}): ${stderr}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    } finally {
      child.kill("SIGKILL");
    }
    expect(await exited).toBe("SIGKILL");
    await server.clear();

    // The state file the child left: spec/upload-state.md's header and one line per stored part.
    const [name] = readdirSync(join(stateDir, "uploads"));
    const stateFile = join(stateDir, "uploads", name!);
    expect(statSync(stateFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(stateDir, "uploads")).mode & 0o777).toBe(0o700);
    const [header, ...lines] = readFileSync(stateFile, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    const key = createHash("sha256").update(`v1\n${server.baseUrl}\n${path}\nuploads\nbackup.tar`).digest("hex");
    expect(name).toBe(`${key}.jsonl`);
    expect(Object.keys(header)).toEqual(["version", "baseURL", "fileId", "uploadId", "fileKey", "partSize", "partCount", "size", "filename", "contentType", "folder", "source", "createdAt"]);
    expect(header).toMatchObject({
      version: 1, baseURL: server.baseUrl, partSize: 5 * MiB, partCount: 7, size: bytes.length, filename: "backup.tar", folder: "uploads",
      source: { path, size: bytes.length, mtimeMs: Math.floor(statSync(path).mtimeMs) },
    });
    expect(lines.map((l) => l.partNumber).sort()).toEqual([1, 2, 3, 4]);
    const listed = await client.listUploadParts(header.fileId);
    expect(listed.parts.map((p) => p.partNumber)).toEqual([1, 2, 3, 4]);
    expect(Object.fromEntries(lines.map((l) => [l.partNumber, l.etag]))).toEqual(Object.fromEntries(listed.parts.map((p) => [p.partNumber, p.etag])));

    await server.clearStoreRequests();
    const file = await client.upload(path, { ...OPTIONS, stateDir });
    expect(file).toMatchObject({ id: header.fileId, status: "uploaded", size: bytes.length });
    const puts = partPuts(await server.storeRequests(), file.key);
    expect(puts.map((p) => [p.partNumber, p.status]).sort()).toEqual([[5, 200], [6, 200], [7, 200]]);
    expect(existsSync(stateFile)).toBe(false);
    expect(await sha256OfUrl((await client.getFileAccessUrl(file.id)).url)).toEqual({ sha256: sha, bytes: bytes.length });
  });
});

describe("client.resumeUpload(fileId, source)", () => {
  it("sends the parts storage lacks and completes", async () => {
    const upload = await client.createMultipartUpload({ filename: "manual.bin", contentType: "application/octet-stream", size: bytes.length, partSize: 5 * MiB });
    const [part1] = await client.presignUploadParts(upload.fileId, [1]);
    const put = await fetch(part1!.url, { method: "PUT", headers: part1!.headers, body: bytes.subarray(0, 5 * MiB) });
    expect(put.headers.get("etag")).toMatch(/^"/);
    await server.clearStoreRequests();
    const file = await client.resumeUpload(upload.fileId, new Blob([bytes]));
    expect(file).toMatchObject({ id: upload.fileId, status: "uploaded", size: bytes.length });
    expect(partPuts(await server.storeRequests(), file.key).map((p) => p.partNumber).sort()).toEqual([2, 3, 4, 5, 6, 7]);
    expect(await sha256OfUrl((await client.getFileAccessUrl(file.id)).url)).toEqual({ sha256: sha, bytes: bytes.length });
  });
});
