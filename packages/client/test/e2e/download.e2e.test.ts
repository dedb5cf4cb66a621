// Downloads against the dev server and its real store (Range as S3 answers it, store faults): to a
// path, to bytes, as a stream; a reset mid-body continued with Range; a corrupted byte caught,
// leaving nothing under the destination name.

import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { IntegrityError, type DilnakaFile } from "../../src/index.js";
import { devServer } from "../helpers/dev-server.js";

const server = devServer();
const client = server.client();
const MiB = 1024 * 1024;
const bytes = randomBytes(3 * MiB + 123);
const b64 = (b: Uint8Array) => createHash("sha256").update(b).digest("base64");
const dir = mkdtempSync(join(tmpdir(), "dilnaka-dl-e2e-"));
let file: DilnakaFile;

beforeAll(async () => {
  file = await client.upload(bytes, { filename: "download.bin", folder: "e2e-download" });
});
afterEach(async () => {
  await server.clear();
  await server.clearStoreRequests();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const gets = async () => (await server.storeRequests()).filter((r) => r.method === "GET") as Array<{ range?: string | null; status: number | null }>;

describe("download from the dev store", () => {
  it("the uploaded bytes carry their SHA-256, and download to a path verifies it", async () => {
    expect(file.checksumSha256).toBe(b64(bytes));
    const target = join(dir, "a.bin");
    const result = await client.download(file.id, target);
    expect(readFileSync(target).equals(bytes)).toBe(true);
    expect(result).toMatchObject({ fileId: file.id, path: target, size: bytes.length, checksumSha256: b64(bytes) });
  });

  it("downloadBytes and downloadStream", async () => {
    expect(Buffer.from(await client.downloadBytes(file.id)).equals(bytes)).toBe(true);
    const stream = await client.downloadStream(file.id, { expiresIn: 60 });
    expect(Buffer.from(await new Response(stream).arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("a reset mid-download continues with Range from the last byte (206), not from the start", async () => {
    await server.arm({ target: "store", operation: "get", resetAfterBytes: MiB });
    const progress: number[] = [];
    const got = await client.downloadBytes(file.id, { onProgress: (p) => progress.push(p.loaded) });
    expect(b64(got)).toBe(b64(bytes));
    const requests = await gets();
    expect(requests).toHaveLength(2);
    expect(requests[1]!.range).toMatch(/^bytes=\d+-$/);
    expect(Number(/\d+/.exec(requests[1]!.range!)![0])).toBeGreaterThan(0);
    expect(requests[1]!.status).toBe(206);
    expect(progress.at(-1)).toBe(bytes.length);
    expect(progress.every((n, i) => i === 0 || n > progress[i - 1]!)).toBe(true);
  });

  it("a corrupted byte is an IntegrityError and leaves no file under the destination name (nor a temp file)", async () => {
    await server.arm({ target: "store", operation: "get", corruptByte: 2 * MiB });
    const target = join(dir, "corrupt.bin");
    const error = await client.download(file.id, target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrityError);
    expect(error).toMatchObject({ code: "checksum_mismatch", fileId: file.id });
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes("corrupt"))).toEqual([]);
  });

  it("a corrupted byte after a reset is caught too (the continued range is verified with the rest)", async () => {
    await server.arm([{ target: "store", operation: "get", resetAfterBytes: MiB }, { target: "store", operation: "get", corruptByte: 10 }]);
    await expect(client.downloadBytes(file.id)).rejects.toMatchObject({ code: "checksum_mismatch" });
  });

  it("a file past the background-sync interval (32 MiB) reset after it lands whole on disk, verified", async () => {
    const big = randomBytes(40 * MiB + 7);
    const stored = await client.upload(big, { filename: "big.bin", folder: "e2e-download" });
    await server.arm({ target: "store", operation: "get", resetAfterBytes: 36 * MiB });
    const target = join(dir, "big.bin");
    const result = await client.download(stored.id, target);
    expect(result.checksumSha256).toBe(b64(big));
    expect(readFileSync(target).equals(big)).toBe(true);
    expect((await gets()).map((r) => r.status)).toEqual([200, 206]);
    expect(readdirSync(dir).filter((n) => n.includes("dilnaka-part"))).toEqual([]);
  });
});
