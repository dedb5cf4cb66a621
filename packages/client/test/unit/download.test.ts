// download, downloadBytes, downloadStream against a real local HTTP object server (Range as S3
// answers it, scripted resets, stalls and corrupted bytes), with the API answered by an injected
// fetch. Both entries for bytes and streams; paths are Node's.

import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as nodeSdk from "../../src/index.js";
import * as browserSdk from "../../src/browser.js";
import { BASE, KEY, wireFile } from "../helpers/fake-fetch.js";
import { downloadApi, startObjectServer } from "../helpers/object-server.js";

const SIZE = 3 * 1024 * 1024 + 17;
const bytes = new Uint8Array(SIZE).map((_, i) => (i * 7 + (i >> 9)) & 0xff);
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("base64");
const file = wireFile("f_dl", { size: SIZE, originalName: "photo.bin", checksumSha256: sha(bytes), partSize: null });

let server: Awaited<ReturnType<typeof startObjectServer>>;
const dir = mkdtempSync(join(tmpdir(), "dilnaka-download-"));
beforeAll(async () => {
  server = await startObjectServer(bytes);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  server.script.length = 0;
  server.ranges.length = 0;
  server.serve(bytes);
});

const caught = (p: Promise<unknown>) => p.then(() => expect.unreachable("expected an error"), (e: nodeSdk.DilnakaError) => e);

describe.each([["node", nodeSdk], ["browser", browserSdk]] as const)("%s entry", (_entry, sdk) => {
  const client = (wire: Record<string, unknown> = file, options: Record<string, unknown> = {}, access: Response[] = []) => {
    const api = downloadApi(wire, server.url, access);
    return { c: new sdk.Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: api.fetch, envFile: false, ...options } as never), calls: api.calls };
  };

  it("downloadBytes: the file's bytes, verified, with an access URL of the asked lifetime", async () => {
    const { c, calls } = client();
    const got = await c.downloadBytes("f_dl", { expiresIn: 120 });
    expect(Buffer.from(got).equals(Buffer.from(bytes))).toBe(true);
    expect(calls).toEqual(["GET /v1/files/f_dl", "GET /v1/files/f_dl/access-url?expiresIn=120"]);
    expect(server.ranges).toEqual([null]);
  });

  it("a reset mid-body continues with Range from the last byte", async () => {
    server.script.push({ resetAfterBytes: 1_000_000 });
    const got = await client().c.downloadBytes("f_dl");
    expect(sha(got)).toBe(sha(bytes));
    expect(server.ranges).toHaveLength(2);
    const from = Number(/^bytes=(\d+)-$/.exec(server.ranges[1]!)![1]);
    expect(from).toBeGreaterThan(0);
    expect(from).toBeLessThanOrEqual(1_000_000);
  });

  it("a 200 to the Range request starts over: the bytes already given are skipped", async () => {
    server.script.push({ resetAfterBytes: 500_000 }, { ignoreRange: true });
    const got = await client().c.downloadBytes("f_dl");
    expect(sha(got)).toBe(sha(bytes));
    expect(server.ranges[1]).toMatch(/^bytes=\d+-$/);
  });

  it("a stalled body times out (no progress) and is continued", async () => {
    server.script.push({ stallAfterBytes: 200_000, stallMs: 5_000 });
    const got = await client(file, { timeout: 300 }).c.downloadBytes("f_dl");
    expect(sha(got)).toBe(sha(bytes));
    expect(server.ranges).toHaveLength(2);
  });

  it("resets beyond maxRetries fail with a ConnectionError", async () => {
    server.script.push({ resetAfterBytes: 1000 }, { resetAfterBytes: 1000 }, { resetAfterBytes: 1000 });
    const error = await caught(client(file, { maxRetries: 1 }).c.downloadBytes("f_dl"));
    expect(error).toBeInstanceOf(sdk.ConnectionError);
    expect(server.ranges).toHaveLength(2);
  });

  it("a corrupted byte is an IntegrityError (checksum_mismatch) with a hint", async () => {
    server.script.push({ corruptByte: 12345 });
    const error = await caught(client().c.downloadBytes("f_dl"));
    expect(error).toBeInstanceOf(sdk.IntegrityError);
    expect(error).toBeInstanceOf(sdk.StorageError);
    expect(error).toMatchObject({ code: "checksum_mismatch", fileId: "f_dl" });
    expect(error.hint).toMatch(/download again/);
  });

  it("verify: false checks the size only", async () => {
    server.script.push({ corruptByte: 12345 });
    const got = await client().c.downloadBytes("f_dl", { verify: false });
    expect(got.byteLength).toBe(SIZE);
  });

  it("a stored object shorter than the file is an IntegrityError (size_mismatch)", async () => {
    server.serve(bytes.subarray(0, SIZE - 10));
    const error = await caught(client().c.downloadBytes("f_dl"));
    expect(error).toBeInstanceOf(sdk.IntegrityError);
    expect(error.code).toBe("size_mismatch");
  });

  it("storage refusing the URL is a StorageError with a hint; 5xx is retried", async () => {
    server.script.push({ status: 503 }, { status: 403, body: "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>" });
    const error = await caught(client().c.downloadBytes("f_dl"));
    expect(error.constructor).toBe(sdk.StorageError);
    expect(error).toMatchObject({ status: 403, code: "AccessDenied" });
    expect(error.hint).toMatch(/download\(\) again/);
    expect(server.ranges).toHaveLength(2);
  });

  it("402 from the access URL is the QuotaExceededError of getFileAccessUrl; the overage warning is surfaced", async () => {
    const quota = new Response(JSON.stringify({ success: false, error: "bandwidth_hard_cap_reached", message: "cap" }), { status: 402 });
    const error = await caught(client(file, {}, [quota]).c.downloadBytes("f_dl"));
    expect(error).toBeInstanceOf(sdk.QuotaExceededError);
    expect(error.code).toBe("bandwidth_hard_cap_reached");
    const warnings: unknown[] = [];
    const overage = new Response(JSON.stringify({ fileId: "f_dl", url: server.url, expiresIn: 60, isTemporary: true, success: true, warning: "bandwidth_overage_active", message: "billed" }));
    await client(file, { onWarning: (w: unknown) => warnings.push(w) }, [overage]).c.downloadBytes("f_dl");
    expect(warnings).toEqual([{ code: "bandwidth_overage_active", message: "billed", fileId: "f_dl" }]);
  });

  it("progress is monotonic and ends with loaded === total", async () => {
    server.script.push({ resetAfterBytes: 700_000 });
    const events: Array<{ loaded: number; total: number }> = [];
    await client().c.downloadBytes("f_dl", { onProgress: (p) => events.push(p) });
    expect(events.length).toBeGreaterThan(2);
    expect(events.every((e, i) => i === 0 || e.loaded > events[i - 1]!.loaded)).toBe(true);
    expect(events.at(-1)).toEqual({ loaded: SIZE, total: SIZE, percentage: 100 });
  });

  it("an aborted signal stops the download with an AbortError", async () => {
    server.script.push({ stallAfterBytes: 100_000, stallMs: 5_000 });
    const controller = new AbortController();
    const pending = caught(client().c.downloadBytes("f_dl", { signal: controller.signal }));
    setTimeout(() => controller.abort(), 200);
    expect(await pending).toBeInstanceOf(sdk.AbortError);
  });

  it("downloadStream gives the bytes as a web stream", async () => {
    server.script.push({ resetAfterBytes: 300_000 });
    const stream = await client().c.downloadStream("f_dl");
    const got = new Uint8Array(await new Response(stream).arrayBuffer());
    expect(sha(got)).toBe(sha(bytes));
  });

  it("bad arguments fail before any request", async () => {
    const { c, calls } = client();
    expect(await caught(c.downloadBytes(""))).toBeInstanceOf(sdk.ValidationError);
    expect(await caught(c.downloadBytes("f_dl", { verify: "yes" } as never))).toMatchObject({ field: "verify" });
    expect(await caught(c.downloadBytes("f_dl", { expiresIn: 0 }))).toMatchObject({ field: "expiresIn" });
    expect(await caught(c.downloadStream("f_dl", { nope: 1 } as never))).toMatchObject({ field: "nope" });
    expect(calls).toEqual([]);
  });
});

describe("downloadStream verifies the SHA-256 in Node", () => {
  it("a corrupted byte errors the stream with an IntegrityError at its end", async () => {
    server.script.push({ corruptByte: SIZE - 5 });
    const api = downloadApi(file, server.url);
    const stream = await new nodeSdk.Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: api.fetch, envFile: false }).downloadStream("f_dl");
    let received = 0;
    const error = await caught(
      (async () => {
        for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) received += chunk.byteLength;
      })(),
    );
    expect(received).toBe(SIZE);
    expect(error).toBeInstanceOf(nodeSdk.IntegrityError);
  });
});

describe("download to a path (Node)", () => {
  const api = () => downloadApi(file, server.url);
  const client = (a = api()) => new nodeSdk.Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: a.fetch, envFile: false });
  const leftovers = (d: string) => readdirSync(d).filter((n) => n.includes("dilnaka-part"));

  it("writes the file, verified, and returns what it checked", async () => {
    server.script.push({ resetAfterBytes: 2_000_000 });
    const target = join(dir, "a.bin");
    const result = await client().download("f_dl", target);
    expect(sha(readFileSync(target))).toBe(sha(bytes));
    expect(result).toMatchObject({ fileId: "f_dl", path: target, size: SIZE, checksumSha256: sha(bytes) });
    expect(result.file.id).toBe("f_dl");
    expect(leftovers(dir)).toEqual([]);
  });

  it("a directory destination keeps the file's name", async () => {
    const into = mkdtempSync(join(dir, "into-"));
    const result = await client().download("f_dl", into);
    expect(result.path).toBe(join(into, "photo.bin"));
    expect(readFileSync(join(into, "photo.bin")).byteLength).toBe(SIZE);
  });

  it("a mismatch leaves no file under the destination name, and an existing one untouched", async () => {
    const target = join(dir, "b.bin");
    server.script.push({ corruptByte: 99 });
    expect(await caught(client().download("f_dl", target))).toBeInstanceOf(nodeSdk.IntegrityError);
    expect(existsSync(target)).toBe(false);
    writeFileSync(target, "old");
    server.script.push({ corruptByte: 99 });
    expect(await caught(client().download("f_dl", target))).toMatchObject({ code: "checksum_mismatch" });
    expect(readFileSync(target, "utf8")).toBe("old");
    expect(leftovers(dir)).toEqual([]);
  });

  it("overwrite: false refuses an existing destination before any request; true replaces it", async () => {
    const target = join(dir, "c.bin");
    writeFileSync(target, "old");
    const a = api();
    expect(await caught(client(a).download("f_dl", target, { overwrite: false }))).toMatchObject({ field: "destination", code: "destination_exists" });
    expect(a.calls).toEqual([]);
    await client().download("f_dl", target);
    expect(readFileSync(target).byteLength).toBe(SIZE);
  });

  it("a destination it cannot write into fails before the body with a ValidationError", async () => {
    const missing = await caught(client().download("f_dl", join(dir, "no-such-dir", "x.bin")));
    expect(missing).toBeInstanceOf(nodeSdk.ValidationError);
    expect(missing).toMatchObject({ field: "destination", code: "destination_unwritable" });
    expect(missing.message).toContain("ENOENT");
    expect(server.ranges).toEqual([]);
    if (process.getuid?.() === 0) return; // root writes anywhere: a read-only directory proves nothing
    const locked = mkdtempSync(join(dir, "locked-"));
    chmodSync(locked, 0o500);
    expect((await caught(client().download("f_dl", join(locked, "x.bin")))).message).toContain("EACCES");
  });

  it("an abort mid-body removes the temp file and leaves the destination as it was", async () => {
    const target = join(dir, "aborted.bin");
    writeFileSync(target, "old");
    server.script.push({ stallAfterBytes: 300_000, stallMs: 5_000 });
    const controller = new AbortController();
    const pending = caught(client().download("f_dl", target, { signal: controller.signal, onProgress: (p) => p.loaded >= 200_000 && controller.abort() }));
    expect(await pending).toBeInstanceOf(nodeSdk.AbortError);
    expect(readFileSync(target, "utf8")).toBe("old");
    expect(leftovers(dir)).toEqual([]);
  });

  it("a stream cancelled by its reader stops at once, without another request", async () => {
    server.script.push({ stallAfterBytes: 256 * 1024, stallMs: 3_000 });
    const stream = await client().downloadStream("f_dl");
    const reader = stream.getReader();
    const first = await reader.read();
    expect(first.value!.byteLength).toBeGreaterThan(0);
    const started = Date.now();
    await reader.cancel();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.ranges).toHaveLength(1);
  });
});
