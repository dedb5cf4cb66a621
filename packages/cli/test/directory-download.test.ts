import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { emptyDir, runCli } from "./run-cli.js";

const server = { DILNAKA_BASE_URL: inject("baseUrl"), DILNAKA_API_KEY: inject("apiKey") };
const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

interface Entry {
  path: string;
  file?: { id: string; key: string; size: number };
  error?: { message: string; code?: string };
}

/** A nested tree of real files, plus a link pointing out of it (which must not be followed). */
function makeTree(): { dir: string; files: Record<string, Buffer> } {
  const dir = join(emptyDir(), "tree");
  const files: Record<string, Buffer> = {
    "a.txt": Buffer.from("top level\n".repeat(20)),
    "sub/b.txt": Buffer.from("one level down\n"),
    "sub/deep/c.bin": randomBytes(700 * 1024),
  };
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  const outside = join(emptyDir(), "secret.txt");
  writeFileSync(outside, "not yours\n");
  symlinkSync(outside, join(dir, "sub", "escape.txt"));
  return { dir, files };
}

describe("upload --recursive and download against the dev server", () => {
  const tree = makeTree();
  let uploaded: Entry[] = [];

  it("`upload` of a directory without --recursive is a usage error that says so, before any request", async () => {
    const result = await runCli(["upload", tree.dir], { env: server });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/": it is a directory\. Hint: Add --recursive to upload a directory's files\./);
  });

  it("`upload -r --json` keeps relative paths under --folder; the escaping link fails alone, exit 1", async () => {
    const result = await runCli(["upload", "-r", tree.dir, "--folder", "cli-tree", "--json"], { env: server });
    expect(result.code).toBe(1);
    const entries = JSON.parse(result.stdout) as Entry[];
    expect(entries.map((e) => e.path.slice(tree.dir.length + 1))).toEqual(["a.txt", "sub/b.txt", "sub/deep/c.bin", "sub/escape.txt"]);
    uploaded = entries.filter((e) => e.file);
    expect(uploaded.map((e) => e.file!.key.replace(/\/\d{4}\/\d{2}\/.*$/, ""))).toEqual(["cli-tree", "cli-tree/sub", "cli-tree/sub/deep"]);
    expect(uploaded.map((e) => e.file!.size)).toEqual(Object.values(tree.files).map((b) => b.length));
    const failed = entries.find((e) => e.error)!;
    expect(failed.error!.message).toContain("escape.txt");
  });

  it("`download --out DIR` writes each file under its name, verified, and names where", async () => {
    const out = emptyDir();
    const ids = uploaded.map((e) => e.file!.id);
    const result = await runCli(["download", ...ids, "--out", out], { env: server });
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(3);
    for (const [i, line] of lines.entries()) expect(line).toMatch(new RegExp(`^${ids[i]} -> .+ \\(.+, (sha256|size) verified\\)$`));
    expect(readdirSync(out).sort()).toEqual(["a.txt", "b.txt", "c.bin"]); // no temp file left behind
    expect(sha256(readFileSync(join(out, "c.bin")))).toBe(sha256(tree.files["sub/deep/c.bin"]!));
  });

  it("`download --out -` writes only the bytes to stdout", async () => {
    const result = await runCli(["download", uploaded[0]!.file!.id, "--out", "-"], { env: server });
    expect(result).toMatchObject({ code: 0, stdout: tree.files["a.txt"]!.toString() });
  });

  it("a missing id: an error line with the hint, exit 1, the other ids still downloaded", async () => {
    const out = emptyDir();
    const result = await runCli(["download", "file_does_not_exist", uploaded[1]!.file!.id, "--out", out], { env: server });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: file_does_not_exist: /m);
    expect(existsSync(join(out, "b.txt"))).toBe(true);
  });
});
