// End-to-end SHA-256 on upload against the dev server's store, which verifies the signed digest as
// S3 does: a byte corrupted on the way (a store PUT fault) is refused (400 BadDigest) and reported
// as an IntegrityError; multipart parts carry their digests and the file the composite one.

import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { IntegrityError, NotFoundError } from "../../src/index.js";
import { devServer } from "../helpers/dev-server.js";

const server = devServer();
const client = server.client();
const MiB = 1024 * 1024;
const b64 = (b: Uint8Array) => createHash("sha256").update(b).digest("base64");
const dir = mkdtempSync(join(tmpdir(), "dilnaka-integrity-e2e-"));

afterEach(() => server.clear());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the store refuses corrupted bytes", () => {
  it("bytes in one PUT: IntegrityError (BadDigest) at once, and the upload is abandoned", async () => {
    await server.arm({ target: "store", operation: "put", corruptByte: 100 });
    const error = (await client.upload(randomBytes(64 * 1024), { filename: "bad.bin" }).catch((e: unknown) => e)) as IntegrityError;
    expect(error).toBeInstanceOf(IntegrityError);
    expect(error).toMatchObject({ status: 400, code: "BadDigest" });
    expect(error.hint).toMatch(/upload it again/);
    await expect(client.getFile(error.fileId!)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a file with checksum: "sha256" is read and sent once more, and then stored', async () => {
    const bytes = randomBytes(256 * 1024);
    const path = join(dir, "once.bin");
    writeFileSync(path, bytes);
    await server.arm({ target: "store", operation: "put", corruptByte: 5 });
    const file = await client.upload(path, { checksum: "sha256" });
    expect(file.checksumSha256).toBe(b64(bytes));
    expect(await server.pendingFaults()).toEqual([]);
    expect(b64(await client.downloadBytes(file.id))).toBe(b64(bytes));
  });

  it("checksum: false sends none: the corrupted byte is stored, and download then catches nothing", async () => {
    await server.arm({ target: "store", operation: "put", corruptByte: 0 });
    const file = await client.upload(new Uint8Array(1000), { filename: "unchecked.bin", checksum: false });
    expect(file.checksumSha256 ?? null).toBeNull();
    expect((await client.downloadBytes(file.id))[0]).toBe(0xff);
  });
});

describe("multipart with checksums (5 MiB parts)", () => {
  const bytes = randomBytes(12 * MiB + 77);
  const parts = [0, 1, 2].map((i) => bytes.subarray(i * 5 * MiB, (i + 1) * 5 * MiB));
  const composite = `${createHash("sha256").update(Buffer.concat(parts.map((p) => createHash("sha256").update(p).digest()))).digest("base64")}-3`;

  it("the file gets S3's composite checksum, and download verifies it", async () => {
    const path = join(dir, "mp.bin");
    writeFileSync(path, bytes);
    const file = await client.upload(path, { multipartThreshold: 0, partSize: 5 * MiB });
    expect(file).toMatchObject({ checksumSha256: composite, partSize: 5 * MiB });
    const target = join(dir, "mp-back.bin");
    expect(await client.download(file.id, target)).toMatchObject({ checksumSha256: composite, size: bytes.length });
  });

  it("a part corrupted on the way fails the upload with an IntegrityError (a Blob is not sent twice)", async () => {
    await server.arm({ target: "store", operation: "put", part: 2, corruptByte: 1 });
    const error = await client.upload(new Blob([bytes]), { filename: "mp.bin", multipartThreshold: 0, partSize: 5 * MiB }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrityError);
  });
});
