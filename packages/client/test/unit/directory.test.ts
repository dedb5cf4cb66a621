// uploadDirectory through the real Node client: real trees on disk (nested folders, symlinks in
// and out, an unreadable file), the API behind an injected fetch, the PUTs to a real local storage.

import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Dilnaka, ValidationError, type DirectoryProgress } from "../../src/index.js";
import { globToRegExp, pathFilter } from "../../src/upload/directory/glob.js";
import { BASE, KEY, json, wireFile } from "../helpers/fake-fetch.js";
import { fakeBackend } from "../helpers/fake-backend.js";
import { startStorage } from "../helpers/storage.js";

let storage: Awaited<ReturnType<typeof startStorage>>;
let root: string;
let tree: string;
const FILES: Record<string, string> = {
  "a.txt": "a", "b/c.txt": "cc", "b/d/e.bin": "eee", "b/d/f.jpg": "ffff", "z.jpg": "zzzzz", "a.b/x.txt": "xx",
};

beforeAll(async () => {
  storage = await startStorage();
  root = mkdtempSync(join(tmpdir(), "dilnaka-dir-"));
  tree = join(root, "tree");
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(join(tree, path, ".."), { recursive: true });
    writeFileSync(join(tree, path), text);
  }
  writeFileSync(join(root, "secret.txt"), "outside");
});
afterAll(async () => {
  await storage.close();
  rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  storage.received.length = 0;
  storage.script.length = 0;
});

/** A backend whose completeUpload answers the file that was presigned (folder and name kept). */
function backend() {
  const presigned = new Map<string, { folder: string; filename: string; size: number }>();
  let n = 0;
  return fakeBackend(storage.url, {}, {
    createPresignedUpload: (b) => {
      const fileId = `f_${++n}`;
      presigned.set(fileId, b);
      return json(200, { fileId, fileKey: `${b.folder}/${fileId}-${b.filename}`, uploadUrl: `${storage.url}/bucket/${fileId}`, expiresIn: 300, method: "PUT", headers: {} });
    },
    completeUpload: (b) => {
      const p = presigned.get(b.fileId)!;
      return json(200, wireFile(b.fileId, { key: `${p.folder}/${b.fileId}-${p.filename}`, originalName: p.filename, size: p.size }));
    },
  });
}
const client = (b = backend()) => new Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: b.fetch, envFile: false, maxRetries: 0 });

describe("uploadDirectory", () => {
  it("uploads every file, sorted, each under folder/<relative dir> with its base name", async () => {
    const b = backend();
    const result = await client(b).uploadDirectory(tree, { folder: "site" });
    expect(result.failed).toEqual([]);
    expect(result.uploaded.map((u) => u.path)).toEqual(["a.b/x.txt", "a.txt", "b/c.txt", "b/d/e.bin", "b/d/f.jpg", "z.jpg"]);
    const keys = Object.fromEntries(result.uploaded.map((u) => [u.path, u.file.key.replace(/f_\d+-/, "")]));
    expect(keys).toEqual({ "a.b/x.txt": "site/a.b/x.txt", "a.txt": "site/a.txt", "b/c.txt": "site/b/c.txt", "b/d/e.bin": "site/b/d/e.bin", "b/d/f.jpg": "site/b/d/f.jpg", "z.jpg": "site/z.jpg" });
    expect(storage.received.map((r) => r.bytes).sort()).toEqual(Object.values(FILES).map((t) => t.length).sort());
  });

  it("include and exclude select by relative path", async () => {
    const jpgs = await client().uploadDirectory(tree, { include: ["**/*.jpg"] });
    expect(jpgs.uploaded.map((u) => u.path)).toEqual(["b/d/f.jpg", "z.jpg"]);
    const rest = await client().uploadDirectory(tree, { exclude: ["b/**", "*.jpg"] });
    expect(rest.uploaded.map((u) => u.path)).toEqual(["a.b/x.txt", "a.txt"]);
  });

  it("one failed file never stops the others; the failure names the file and why", async () => {
    storage.script.push({ status: 500 }, { status: 403, body: "<Error><Code>AccessDenied</Code></Error>" });
    const ended: string[] = [];
    const result = await client().uploadDirectory(tree, {
      concurrency: 1,
      onFileDone: (path, outcome) => ended.push(`${path} ${"file" in outcome ? "uploaded" : outcome.error.constructor.name}`),
    });
    expect(result.uploaded).toHaveLength(4);
    expect(result.failed.map((f) => [f.path, f.error.constructor.name, f.error.status])).toEqual([
      ["a.b/x.txt", "StorageError", 500],
      ["a.txt", "StorageError", 403],
    ]);
    // onFileDone tells each end as it happens, in upload order (the walk's sorted order here).
    expect(ended.filter((e) => !e.endsWith("uploaded"))).toEqual(["a.b/x.txt StorageError", "a.txt StorageError"]);
    expect(ended).toHaveLength(6);
  });

  it("symlinks are followed inside the tree; one pointing out is a failure naming the link", async () => {
    const linked = mkdtempSync(join(root, "linked-"));
    writeFileSync(join(linked, "real.txt"), "r");
    symlinkSync(join(linked, "real.txt"), join(linked, "inside.txt"));
    symlinkSync(join(root, "secret.txt"), join(linked, "escape.txt"));
    symlinkSync(root, join(linked, "up"));
    symlinkSync(join(linked, "gone"), join(linked, "broken.txt"));
    const result = await client().uploadDirectory(linked);
    expect(result.uploaded.map((u) => u.path)).toEqual(["inside.txt", "real.txt"]);
    expect(result.failed.map((f) => f.path)).toEqual(["broken.txt", "escape.txt", "up"]);
    const escape = result.failed.find((f) => f.path === "escape.txt")!.error;
    expect(escape).toBeInstanceOf(ValidationError);
    expect(escape.message).toContain(join(linked, "escape.txt"));
    expect(escape.code).toBe("symlink_outside");
    expect(storage.received.every((r) => r.bytes === 1)).toBe(true);
  });

  it("an unreadable file is a failure found before any request for it", async () => {
    if (process.getuid?.() === 0) return; // root reads anything: chmod 000 proves nothing here
    const locked = mkdtempSync(join(root, "locked-"));
    writeFileSync(join(locked, "ok.txt"), "ok");
    writeFileSync(join(locked, "no.txt"), "no");
    chmodSync(join(locked, "no.txt"), 0o000);
    const result = await client().uploadDirectory(locked);
    expect(result.uploaded.map((u) => u.path)).toEqual(["ok.txt"]);
    expect(result.failed.map((f) => f.path)).toEqual(["no.txt"]);
  });

  it("progress sums every file and ends with every byte and every file done", async () => {
    const events: DirectoryProgress[] = [];
    const perFile = new Map<string, number>();
    await client().uploadDirectory(tree, { concurrency: 3, onProgress: (p) => events.push(p), onFileProgress: (path, p) => perFile.set(path, p.loaded) });
    const total = Object.values(FILES).join("").length;
    expect(events.at(-1)).toEqual({ loaded: total, total, filesDone: 6, filesTotal: 6 });
    expect(events.every((e, i) => i === 0 || (e.loaded >= events[i - 1]!.loaded && e.filesDone >= events[i - 1]!.filesDone))).toBe(true);
    expect(Object.fromEntries(perFile)).toEqual(Object.fromEntries(Object.entries(FILES).map(([p, t]) => [p, t.length])));
  });

  it("at most `concurrency` files at once", async () => {
    for (let i = 0; i < 6; i++) storage.script.push({ stallMs: 150 } as never);
    storage.load.max = 0;
    await client().uploadDirectory(tree, { concurrency: 2 });
    expect(storage.load.max).toBe(2);
  });

  it("bad arguments fail before any request", async () => {
    const b = backend();
    const c = client(b);
    await expect(c.uploadDirectory(join(tree, "a.txt"))).rejects.toMatchObject({ field: "dir" });
    await expect(c.uploadDirectory(join(root, "missing"))).rejects.toMatchObject({ field: "dir" });
    await expect(c.uploadDirectory(tree, { include: "*.jpg" as never })).rejects.toMatchObject({ field: "include" });
    await expect(c.uploadDirectory(tree, { concurrency: 0 })).rejects.toMatchObject({ field: "concurrency" });
    await expect(c.uploadDirectory(tree, { partSize: 1 })).rejects.toMatchObject({ field: "partSize" });
    await expect(c.uploadDirectory(tree, { filename: "x" } as never)).rejects.toMatchObject({ field: "filename" });
    expect(b.operations()).toEqual([]);
  });
});

describe("glob patterns", () => {
  it.each([
    ["*.txt", "a.txt", true], ["*.txt", "b/a.txt", false], ["**/*.txt", "a.txt", true], ["**/*.txt", "b/c/a.txt", true],
    ["b/**", "b/c/d", true], ["b/**", "bc/d", false], ["?.txt", "a.txt", true], ["?.txt", "ab.txt", false], ["a.b/*", "a.b/x", true],
    ["a.b/*", "axb/x", false], ["/a.txt", "a.txt", true], ["[x].txt", "[x].txt", true],
  ])("%s matches %s: %s", (pattern, path, want) => {
    expect(pathFilter([pattern], undefined)(path)).toBe(want);
  });
  it("** alone matches across segments", () => expect(globToRegExp("**").test("a/b/c")).toBe(true));
});
