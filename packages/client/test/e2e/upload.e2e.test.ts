// End to end against the dev server: real API, real S3-compatible store, real files.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AbortError, NotFoundError, type Dilnaka, type UploadProgress } from "../../src/index.js";
import { devServer, sha256OfUrl } from "../helpers/dev-server.js";

const server = devServer();
let client: Dilnaka;
let dir: string;
const small = randomBytes(1024 * 1024 + 13);
const smallSha = createHash("sha256").update(small).digest("hex");
const BIG = 200 * 1024 * 1024;
let bigPath: string;
let bigSha: string;

beforeAll(async () => {
  client = server.client();
  dir = mkdtempSync(join(tmpdir(), "dilnaka-e2e-"));
  writeFileSync(join(dir, "small.txt"), small);
  writeFileSync(join(dir, "empty.txt"), "");
  // 200 MiB of pseudo-random bytes: 1 MiB of randomness repeated with a counter, hashed as written.
  bigPath = join(dir, "big.bin");
  const seed = randomBytes(1024 * 1024);
  const hash = createHash("sha256");
  await pipeline(
    Readable.from((function* () {
      for (let i = 0; i < BIG / seed.length; i++) {
        const block = Buffer.from(seed);
        block.writeUInt32LE(i, 0);
        hash.update(block);
        yield block;
      }
    })()),
    createWriteStream(bigPath),
  );
  bigSha = hash.digest("hex");
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
});

async function roundTrip(fileId: string) {
  const access = await client.getFileAccessUrl(fileId, { expiresIn: 120 });
  expect(access).toMatchObject({ fileId, expiresIn: 120, isTemporary: true });
  return sha256OfUrl(access.url);
}

describe("every source kind arrives intact", () => {
  const sources: Array<[string, () => unknown, Record<string, unknown>]> = [
    ["a path", () => join(dir, "small.txt"), {}],
    ["a Buffer", () => small, { filename: "buffer.bin" }],
    ["an ArrayBuffer", () => small.buffer.slice(small.byteOffset, small.byteOffset + small.length), { filename: "ab.bin" }],
    ["a File", () => new File([small], "file.txt", { type: "text/plain" }), {}],
    ["a web ReadableStream", () => new Blob([small]).stream(), { filename: "web.bin" }],
    ["a Node Readable with size", () => Readable.from([small]), { filename: "node.bin", size: small.length }],
    ["a Node Readable without size", () => Readable.from([small.subarray(0, 10), small.subarray(10)]), { filename: "node2.bin" }],
  ];
  it.each(sources)("%s", async (_n, source, options) => {
    const file = await client.upload(source() as never, options);
    expect(file).toMatchObject({ status: "uploaded", size: small.length });
    expect(await roundTrip(file.id)).toEqual({ sha256: smallSha, bytes: small.length });
  });

  it("a path keeps its name and guessed type, in the folder asked for, with metadata", async () => {
    const file = await client.upload(join(dir, "small.txt"), { folder: "docs/2026", metadata: { owner: "ada" } });
    expect(file).toMatchObject({ originalName: "small.txt", contentType: "text/plain", metadata: { owner: "ada" } });
    expect(file.key).toMatch(/^docs\/2026\//);
  });

  it("a 0-byte file", async () => {
    const events: UploadProgress[] = [];
    const file = await client.upload(join(dir, "empty.txt"), { onProgress: (p) => events.push(p) });
    expect(file.size).toBe(0);
    expect(events.at(-1)).toEqual({ loaded: 0, total: 0, percentage: 100 });
    expect((await roundTrip(file.id)).bytes).toBe(0);
  });
});

describe("a 200 MiB file", () => {
  it("streams (multipart, 16 MiB parts by default) with monotonic progress ending at loaded === total, and downloads with the same SHA-256", async () => {
    const events: UploadProgress[] = [];
    const file = await client.upload(bigPath, { onProgress: (p) => events.push({ ...p }) });
    expect(file.size).toBe(BIG);
    expect(events.length).toBeGreaterThan(10);
    for (let i = 1; i < events.length; i++) expect(events[i]!.loaded).toBeGreaterThan(events[i - 1]!.loaded);
    expect(events.at(-1)).toEqual({ loaded: BIG, total: BIG, percentage: 100 });
    expect(await roundTrip(file.id)).toEqual({ sha256: bigSha, bytes: BIG });
  });

  it("aborted mid-PUT (one PUT: threshold above the size): AbortError, and no file is left, pending or completed", async () => {
    const controller = new AbortController();
    const error = (await client
      .upload(bigPath, { filename: "aborted.bin", multipartThreshold: BIG, signal: controller.signal, onProgress: (p) => p.percentage > 10 && controller.abort() })
      .catch((e: unknown) => e)) as AbortError;
    expect(error).toBeInstanceOf(AbortError);
    expect(error.fileId).toMatch(/\w+/);
    await expect(client.getFile(error.fileId!)).rejects.toBeInstanceOf(NotFoundError);
    for await (const f of client.listFiles({ status: "all" })) expect(f.originalName).not.toBe("aborted.bin");
  });
});
