// The multipart building blocks on their own: batched part URLs (with an injected clock), the
// stream cutter's bounded buffers, progress with an unknown total, and the resume state file.
import { afterAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { partUrls } from "../../src/upload/multipart/part-urls.js";
import { streamParts } from "../../src/upload/multipart/stream-parts.js";
import { fileStateStore, stateDir, statePath } from "../../src/upload/multipart/state-file.js";
import { createProgress, type StreamUploadProgress } from "../../src/upload/progress.js";
import { createFetchClient } from "../../src/transport/fetch-client.js";
import { BASE, KEY } from "../helpers/fake-fetch.js";
import { fakeBackend } from "../helpers/fake-backend.js";

const scratch = mkdtempSync(join(tmpdir(), "dilnaka-mp-modules-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("partUrls", () => {
  const setup = (order: number[] | null) => {
    const backend = fakeBackend("http://storage.test");
    let clock = 0;
    const ctx = { raw: createFetchClient(BASE, (r) => backend.fetch(r), {}), apiKey: KEY, onWarning: () => {} };
    const urls = partUrls(ctx, "f_1", order, undefined, () => clock);
    const batches = () => backend.seen.filter((s) => s.operation === "presignUploadParts").map((s) => s.body.partNumbers as number[]);
    return { urls, batches, tick: (s: number) => (clock += s * 1000) };
  };
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it("presigns min(100, parts left) at a time, once for parts asked at the same moment", async () => {
    const { urls, batches } = setup(range(1, 250));
    await Promise.all([1, 2, 3, 4].map((n) => urls.get(n)));
    expect(batches()).toEqual([range(1, 100)]);
    for (const n of range(5, 250)) {
      await urls.get(n);
      urls.done(n);
    }
    expect(batches()).toEqual([range(1, 100), range(101, 200), range(201, 250)]);
  });

  it("a stream of unknown length: batches of the next 100 numbers, never past 10,000", async () => {
    const { urls, batches } = setup(null);
    await urls.get(1);
    await urls.get(9_950);
    expect(batches()).toEqual([range(1, 100), range(9_950, 10_000)]);
  });

  it("a URL within 60 s of its expiry is presigned again, with the other stale ones; a refused one alone", async () => {
    const { urls, batches, tick } = setup(range(1, 3));
    await urls.get(1);
    tick(3539); // expiresIn 3600: still 61 s left
    await urls.get(2);
    expect(batches()).toHaveLength(1);
    tick(2);
    await urls.get(2);
    expect(batches()).toEqual([[1, 2, 3], [2, 3]]); // part 1 is in flight or done; 2 and 3 were stale
    await urls.get(3, true);
    expect(batches().at(-1)).toEqual([3]);
  });
});

describe("streamParts", () => {
  async function* chunks(sizes: number[]) {
    for (const size of sizes) yield new Uint8Array(size).fill(size % 251);
  }

  it("cuts into parts of partSize across chunk boundaries and reuses released buffers", async () => {
    const parts = streamParts(chunks([3, 4, 5, 6]), 5, undefined);
    expect(await parts.start()).toBeUndefined(); // 18 bytes do not fit one part of 5
    const sizes: number[] = [];
    const buffers = new Set<ArrayBufferLike>();
    for (let p; (p = await parts.next()); ) {
      sizes.push(p.source.size!);
      buffers.add((p.source as { bytes: Uint8Array }).bytes.buffer);
      p.release!();
    }
    expect(sizes).toEqual([5, 5, 5, 3]);
    expect(buffers.size).toBe(1); // each part released before the next: one buffer in all
    expect(parts.size()).toBe(18);
  });

  it("holds a new buffer per part not released: memory follows the parts in flight", async () => {
    const parts = streamParts(chunks([10, 10]), 5, undefined);
    await parts.start();
    const held = [await parts.next(), await parts.next(), await parts.next()];
    expect(new Set(held.map((p) => (p!.source as { bytes: Uint8Array }).bytes.buffer)).size).toBe(3);
  });

  it("a stream that ends within the first part is one PUT's bytes", async () => {
    const whole = await streamParts(chunks([2, 0, 3]), 5, undefined).start();
    expect(whole).toMatchObject({ kind: "bytes", size: 5 });
    expect(await streamParts(chunks([]), 5, undefined).start()).toMatchObject({ size: 0 });
  });

  it("a declared size the stream does not have, and more than 10,000 parts, are ValidationErrors", async () => {
    const short = streamParts(chunks([4, 4]), 5, 9);
    await short.start();
    expect((await short.next())!.source.size).toBe(5);
    expect((await short.next())!.source.size).toBe(3);
    await expect(short.next()).rejects.toMatchObject({ field: "size" });
    const long = streamParts(chunks([10_001]), 1, undefined);
    await long.start();
    for (let i = 0; i < 10_000; i++) await long.next(); // parts 1-10,000
    await expect(long.next()).rejects.toMatchObject({ field: "partSize" });
  });

  it("remainder() gives back what was read, then the rest (the fallback to one PUT)", async () => {
    const parts = streamParts(chunks([3, 4, 5, 6]), 5, undefined);
    await parts.start();
    let total = 0;
    for await (const chunk of parts.remainder()) total += chunk.byteLength;
    expect(total).toBe(18);
  });
});

describe("progress", () => {
  it("an unknown total: events without total or percentage, then a last one with both", () => {
    const events: StreamUploadProgress[] = [];
    const progress = createProgress(undefined, (p) => events.push(p), () => 0);
    progress.update(100_000);
    progress.update(50_000); // a retried part: never backwards
    progress.update(200_000);
    progress.finish(200_000);
    expect(events).toEqual([
      { loaded: 100_000, total: undefined, percentage: undefined },
      { loaded: 200_000, total: undefined, percentage: undefined },
      { loaded: 200_000, total: 200_000, percentage: 100 },
    ]);
  });
});

describe("the resume state file (spec/upload-state.md)", () => {
  it("lives under the option, else DILNAKA_STATE_DIR, else the OS state folder, never the working directory", () => {
    expect(stateDir("/opt/s", { DILNAKA_STATE_DIR: "/env" })).toBe("/opt/s");
    expect(stateDir(undefined, { DILNAKA_STATE_DIR: "/env" })).toBe("/env");
    expect(stateDir(undefined, { XDG_STATE_HOME: "/xdg" }, "linux")).toBe("/xdg/dilnaka");
    expect(stateDir(undefined, { XDG_STATE_HOME: "" }, "linux")).toBe(join(homedir(), ".local/state/dilnaka"));
    expect(stateDir(undefined, {}, "darwin")).toBe(join(homedir(), "Library/Application Support/dilnaka"));
    expect(stateDir(undefined, { LOCALAPPDATA: "C:\\Users\\me\\AppData\\Local" }, "win32")).toBe(join("C:\\Users\\me\\AppData\\Local", "dilnaka"));
  });

  it("is named by the SHA-256 of v1, baseURL, path, folder and filename", () => {
    const id = { baseURL: "http://127.0.0.1:4100", path: "/home/me/video.mp4", folder: "uploads", filename: "video.mp4" };
    const key = createHash("sha256").update("v1\nhttp://127.0.0.1:4100\n/home/me/video.mp4\nuploads\nvideo.mp4").digest("hex");
    expect(statePath("/s", id)).toBe(`/s/uploads/${key}.jsonl`);
  });

  const identity = { baseURL: "http://api.test", path: "/data/a.bin", folder: "uploads", filename: "a.bin", size: 12, mtimeMs: 1764758400123 };
  const upload = { fileId: "f_1", fileKey: "uploads/f_1-a.bin", uploadId: "u_1", partSize: 5242880, partCount: 1, expiresIn: 86400 };

  it("writes the header line in the spec's field order (0600 in a 0700 folder), then one line per part; read() finds it", async () => {
    const dir = join(scratch, "s1");
    const store = fileStateStore(identity, dir);
    await store.start(upload, "video/mp4");
    await store.add({ partNumber: 1, etag: '"e1"', size: 12 });
    const file = statePath(dir, identity);
    const [header, part] = readFileSync(file, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(Object.keys(header)).toEqual(["version", "baseURL", "fileId", "uploadId", "fileKey", "partSize", "partCount", "size", "filename", "contentType", "folder", "source", "createdAt"]);
    expect(header).toMatchObject({ version: 1, fileId: "f_1", contentType: "video/mp4", source: { path: "/data/a.bin", size: 12, mtimeMs: 1764758400123 } });
    expect(part).toEqual({ partNumber: 1, etag: '"e1"', size: 12 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "uploads")).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, "utf8")).not.toMatch(/dlk_|https?:\/\/[^"]*\?/); // no key, no URL
    expect(await store.read()).toMatchObject({ fileId: "f_1" });
    await store.remove();
    expect(await store.read()).toBeUndefined();
  });

  it("read() ignores another version, another base URL, a torn header, a missing file", async () => {
    const dir = join(scratch, "s2");
    const store = fileStateStore(identity, dir);
    await store.start(upload, "video/mp4");
    const file = statePath(dir, identity);
    const header = JSON.parse(readFileSync(file, "utf8").split("\n")[0]!);
    for (const text of [JSON.stringify({ ...header, version: 2 }), JSON.stringify({ ...header, baseURL: "http://other" }), '{"version":1,"base']) {
      writeFileSync(file, `${text}\n`);
      expect(await store.read()).toBeUndefined();
    }
    expect(await fileStateStore(identity, join(scratch, "none")).read()).toBeUndefined();
  });
});
