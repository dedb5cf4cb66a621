import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageDir, runCli } from "./run-cli.js";

const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string };
const anyKey = { DILNAKA_API_KEY: "dlk_dev_usagetestkey0000", DILNAKA_BASE_URL: "http://127.0.0.1:9" };

describe("usage, help and exit codes", () => {
  it("--version prints the package version and exits 0", async () => {
    const result = await runCli(["--version"]);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it.each(["", "upload", "ls", "url", "rm", "dev"])("`%s --help` documents the exit codes and exits 0", async (command) => {
    const result = await runCli([...(command ? [command] : []), "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: dilnaka ${command}`.trim());
    expect(result.stdout).toMatch(/Exit codes:\n\s+0\s+success\n\s+1\s+API or storage error.*\n\s+2\s+usage error.*\n\s+130\s+interrupted/);
  });

  it("bare `dilnaka` shows the help on stderr and exits 2", async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Usage: dilnaka");
  });

  it("an unknown command exits 2 and suggests the right one", async () => {
    const result = await runCli(["uplod", "x"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'uplod'");
    expect(result.stderr).toContain("upload");
  });

  it("an unknown flag exits 2 with a pointer to --help", async () => {
    const result = await runCli(["ls", "--colour"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--colour'");
    expect(result.stderr).toContain("--help");
  });

  it.each([
    [["upload", "a.txt", "--concurrency", "0"], "--concurrency"],
    [["upload", "a.txt", "--concurrency", "three"], "--concurrency"],
    [["ls", "--limit", "-5"], "--limit"],
    [["url", "file_1", "--expires-in", "0"], "--expires-in"],
    [["url", "file_1", "--expires-in", "1.5"], "--expires-in"],
  ])("%j is refused before any request with exit 2", async (args, flag) => {
    const result = await runCli(args, { env: anyKey });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(flag);
    expect(result.stderr).toMatch(/expected a whole number from \d+ to \d+/);
  });

  it("missing arguments exit 2", async () => {
    for (const command of ["upload", "url", "rm"]) {
      const result = await runCli([command], { env: anyKey });
      expect(result.code, command).toBe(2);
      expect(result.stderr, command).toContain("missing required argument");
    }
  });

  it("a missing file is named, nothing is uploaded, exit 2", async () => {
    const result = await runCli(["upload", "does-not-exist.txt", "."], { env: anyKey });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      'error: upload: cannot upload "does-not-exist.txt": no such file; ".": it is a directory. Hint: Add --recursive to upload a directory\'s files. Check the paths; nothing was uploaded.\n',
    );
  });

  it("no API key anywhere: one line naming the variable and the flag, exit 2", async () => {
    const result = await runCli(["ls"]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("Missing Dilnaka API key.");
    expect(result.stderr).toContain("DILNAKA_API_KEY");
    expect(result.stderr).toContain("--api-key");
  });

  it("a malformed key is refused, and shown only masked", async () => {
    const result = await runCli(["ls", "--api-key", "sk_live_abcdefghijklmnop"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("dlk_dev_ or dlk_live_");
    expect(result.stderr).not.toContain("abcdefghijklmnop");
  });

  it("a key pasted in the wrong place is masked in commander's own messages", async () => {
    const result = await runCli(["ls", "--limit", "dlk_live_pastedByMistake1234"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("dlk_live_…1234");
    expect(result.stderr).not.toContain("pastedByMistake");
  });

  it("no stack trace by default; DEBUG=dilnaka adds one", async () => {
    const plain = await runCli(["ls"]);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = await runCli(["ls"], { env: { DEBUG: "dilnaka" } });
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/ConfigError: Missing Dilnaka API key[\s\S]*\n\s+at /);
  });
});
