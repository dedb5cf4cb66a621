// uploadDirectory against the dev server: a 20-file tree with nested folders, one unreadable file
// (chmod 000; not provable as root, who reads anything) and a symlink pointing out of the tree,
// which is refused; every other file is stored under folder/<relative dir> with its bytes.

import { createHash, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError } from "../../src/index.js";
import { devServer } from "../helpers/dev-server.js";

const server = devServer();
const client = server.client();
const root = mkdtempSync(join(tmpdir(), "dilnaka-dir-e2e-"));
const tree = join(root, "tree");
const contents = new Map<string, Buffer>();
const asRoot = process.getuid?.() === 0;

beforeAll(() => {
  // 20 files: 4 at the top, 8 in a/, 8 in a/b/c/ (one of them unreadable).
  const paths = [
    ...Array.from({ length: 4 }, (_, i) => `top-${i}.txt`),
    ...Array.from({ length: 8 }, (_, i) => `a/file-${i}.bin`),
    ...Array.from({ length: 8 }, (_, i) => `a/b/c/deep-${i}.dat`),
  ];
  for (const [i, path] of paths.entries()) {
    mkdirSync(join(tree, path, ".."), { recursive: true });
    const bytes = randomBytes(1000 + i * 4099);
    writeFileSync(join(tree, path), bytes);
    contents.set(path, bytes);
  }
  chmodSync(join(tree, "a/b/c/deep-3.dat"), 0o000);
  writeFileSync(join(root, "outside.txt"), "not yours");
  symlinkSync(join(root, "outside.txt"), join(tree, "a/escape.txt"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("uploadDirectory against the dev server", () => {
  it("stores every readable file under folder/<relative dir>; the unreadable file and the escaping link fail alone", async () => {
    const events: Array<{ filesDone: number; filesTotal: number }> = [];
    const result = await client.uploadDirectory(tree, { folder: "e2e-tree", concurrency: 3, onProgress: (p) => events.push(p) });
    const failed = result.failed.map((f) => f.path);
    expect(failed).toEqual(asRoot ? ["a/escape.txt"] : ["a/b/c/deep-3.dat", "a/escape.txt"]);
    const escape = result.failed.find((f) => f.path === "a/escape.txt")!.error;
    expect(escape).toBeInstanceOf(ValidationError);
    expect(escape.message).toContain("escape.txt");

    const expected = [...contents.keys()].filter((p) => asRoot || p !== "a/b/c/deep-3.dat").sort();
    expect(result.uploaded.map((u) => u.path)).toEqual(expected);
    for (const { path, file } of result.uploaded) {
      const dir = path.includes("/") ? `/${path.slice(0, path.lastIndexOf("/"))}` : "";
      expect(file.key.startsWith(`e2e-tree${dir}/`)).toBe(true);
      expect(file.originalName).toBe(path.split("/").at(-1));
    }
    // The bytes of a nested file came back intact, verified by download.
    const deep = result.uploaded.find((u) => u.path === "a/b/c/deep-7.dat")!;
    expect(createHash("sha256").update(await client.downloadBytes(deep.file.id)).digest("hex")).toBe(
      createHash("sha256").update(contents.get("a/b/c/deep-7.dat")!).digest("hex"),
    );
    expect(events.at(-1)).toMatchObject({ filesDone: 21, filesTotal: 21 });
  });
});
