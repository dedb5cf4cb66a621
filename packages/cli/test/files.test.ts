import { createHash, randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { emptyDir, runCli } from "./run-cli.js";

const server = { DILNAKA_BASE_URL: inject("baseUrl"), DILNAKA_API_KEY: inject("apiKey") };
const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

interface JsonFile {
  id: string;
  key: string;
  status: string;
  size: number;
  contentType: string;
  originalName: string;
}

/** Three real files of different sizes and types in a fresh directory. */
function makeFiles(): { dir: string; names: string[]; hashes: Map<string, string> } {
  const dir = emptyDir();
  const contents: Record<string, Uint8Array> = {
    "notes.txt": Buffer.from("hello from the dilnaka cli\n".repeat(50)),
    "photo.png": randomBytes(300 * 1024),
    "data.bin": randomBytes(2 * 1024 * 1024 + 7),
  };
  const hashes = new Map<string, string>();
  for (const [name, bytes] of Object.entries(contents)) {
    writeFileSync(join(dir, name), bytes);
    hashes.set(name, sha256(bytes));
  }
  return { dir, names: Object.keys(contents), hashes };
}

async function download(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

describe("upload → ls → url → rm against the dev server", () => {
  const files = makeFiles();
  const ids = new Map<string, string>();

  beforeAll(async () => {
    // Without a TTY: one plain line per file on stdout, in command-line order of completion.
    const result = await runCli(["upload", ...files.names, "--folder", "cli-test"], { cwd: files.dir, env: server });
    expect(result.stderr).toMatch(/^3 uploaded \(/m);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      const match = /^(\S+) -> (\S+) \((.+), (.+)\)$/.exec(line);
      expect(match, line).not.toBeNull();
      ids.set(match![1]!, match![2]!);
    }
    expect([...ids.keys()].sort()).toEqual([...files.names].sort());
  });

  it("each file downloads through `url` with the same SHA-256", async () => {
    for (const [name, id] of ids) {
      const result = await runCli(["url", id], { env: server });
      expect(result.code).toBe(0);
      const url = result.stdout.trim();
      expect(url).toMatch(/^https?:\/\//);
      expect(sha256(await download(url)), name).toBe(files.hashes.get(name));
    }
  });

  it("`url --expires-in --json` gives a temporary URL", async () => {
    const id = ids.get("notes.txt")!;
    const result = await runCli(["url", id, "--expires-in", "120", "--json"], { env: server });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ fileId: id, expiresIn: 120, isTemporary: true });
  });

  it("`ls --json` lists the uploaded files with their sizes and types", async () => {
    const result = await runCli(["ls", "--json", "--limit", "1000"], { env: server });
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout) as JsonFile[];
    for (const [name, id] of ids) {
      const file = listed.find((f) => f.id === id);
      expect(file, name).toMatchObject({ originalName: name, status: "uploaded" });
      expect(file!.key).toContain("cli-test/");
    }
    expect(listed.find((f) => f.id === ids.get("photo.png"))).toMatchObject({ contentType: "image/png", size: 300 * 1024 });
  });

  it("`ls` prints an aligned table with a header", async () => {
    const result = await runCli(["ls"], { env: server });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID\s+SIZE\s+TYPE\s+STATUS\s+NAME$/);
    // Every column starts at the same offset on every line.
    const typeColumn = lines[0]!.indexOf("TYPE");
    const row = lines.find((line) => line.startsWith(ids.get("data.bin")!))!;
    expect(row.slice(typeColumn)).toMatch(/^application\/octet-stream\s+uploaded\s+data\.bin$/);
    expect(row.slice(0, typeColumn)).toMatch(/2\.0 MiB\s+$/);
  });

  it("`ls --limit 1` shows one row and says that more exist", async () => {
    const result = await runCli(["ls", "--limit", "1"], { env: server });
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split("\n")).toHaveLength(2);
    expect(result.stderr).toContain("More files exist");
  });

  it("`upload --json` prints one entry per path", async () => {
    const result = await runCli(["upload", "--json", "notes.txt"], { cwd: files.dir, env: server });
    expect(result.code).toBe(0);
    const [entry] = JSON.parse(result.stdout) as { path: string; file: JsonFile }[];
    expect(entry).toMatchObject({ path: "notes.txt", file: { status: "uploaded", size: 1350, contentType: "text/plain" } });
    ids.set("notes-again", entry!.file.id);
  });

  it("`rm` without a TTY deletes without asking; the file is gone from `ls` and `url`", async () => {
    const id = ids.get("notes-again")!;
    const result = await runCli(["rm", id], { env: server });
    expect(result).toMatchObject({ code: 0, stdout: `deleted ${id}\n` });
    const listed = JSON.parse((await runCli(["ls", "--json", "--limit", "1000"], { env: server })).stdout) as JsonFile[];
    expect(listed.map((f) => f.id)).not.toContain(id);
    const gone = await runCli(["url", id], { env: server });
    expect(gone.code).toBe(1);
  });

  it("`rm` of a missing id: one error line with the hint, exit 1, the other ids still deleted", async () => {
    const id = ids.get("notes.txt")!;
    const result = await runCli(["rm", "--yes", "file_does_not_exist", id], { env: server });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`deleted ${id}\n`);
    expect(result.stderr).toMatch(
      /^error: file_does_not_exist: deleteFile DELETE \/v1\/files\/file_does_not_exist failed: 404 not_found: .+ \(request id \S+\)\. Hint: Check the file id; the file may have been deleted\.\n$/,
    );
  });
});
