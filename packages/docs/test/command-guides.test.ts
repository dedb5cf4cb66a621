// The command-line and dev-server pages describe the real binaries: every command and flag they name
// is in the binary's --help (with the same defaults), and the exit codes are the ones it documents.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { pkg, repo } from "./paths.js";

const cliExists = existsSync(join(repo, "packages/cli/package.json"));
const guide = readFileSync(join(pkg, "guides/cli.md"), "utf8");

async function help(bin: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(join(pkg, "node_modules/.bin", bin), [...args, "--help"], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp" },
  });
  return stdout;
}

// Rows like "| `dilnaka upload <paths…> [--folder F] [--json]` | what |".
const commands = [...guide.matchAll(/^\| `dilnaka (\w+)([^`]*)` \|/gm)].map((m) => ({
  command: m[1]!,
  flags: [...m[2]!.matchAll(/--[a-z-]+/g)].map((f) => f[0]),
}));

describe.skipIf(!cliExists)("guides/cli.md", () => {
  it("names the six commands of the CLI", () => {
    expect(commands.map((c) => c.command)).toEqual(["upload", "ls", "url", "download", "rm", "dev"]);
  });

  it.each(commands)("dilnaka $command has every flag the page names", async ({ command, flags }) => {
    const text = await help("dilnaka", command);
    for (const flag of flags) expect(text, `dilnaka ${command} --help`).toContain(flag);
  });

  it("the global flags and exit codes are the binary's", async () => {
    const text = await help("dilnaka");
    for (const flag of ["--api-key", "--base-url", "--env-file", "--version"]) {
      expect(guide).toContain(flag);
      expect(text).toContain(flag);
    }
    const documented = [...guide.matchAll(/^\| (\d+) \|/gm)].map((m) => m[1]);
    const binary = [...text.slice(text.indexOf("Exit codes:")).matchAll(/^\s+(\d+)\s{2,}/gm)].map((m) => m[1]);
    expect(documented).toEqual(binary);
    expect(documented).toEqual(["0", "1", "2", "130"]);
  });
});

describe.skipIf(!existsSync(join(repo, "packages/dev-server/package.json")))("guides/dev-server.md", () => {
  const page = readFileSync(join(pkg, "guides/dev-server.md"), "utf8");
  // Rows like "| `--port <n>` | `4100` | what |".
  const flags = [...page.matchAll(/^\| `(--[a-z-]+)[^`]*` \| ([^|]+) \|/gm)].map((m) => ({ flag: m[1]!, byDefault: m[2]!.trim() }));

  it("documents every flag of dilnaka-dev-server with its default", async () => {
    const text = await help("dilnaka-dev-server");
    const usage = text.split("\n")[0]!;
    const binaryFlags = [...usage.matchAll(/--[a-z-]+/g)].map((m) => m[0]);
    expect(flags.map((f) => f.flag).sort()).toEqual(binaryFlags.sort());
    for (const { flag, byDefault } of flags) {
      const value = /^`([^`]+)`$/.exec(byDefault)?.[1];
      // "[--port 4100]" in the usage line: the default the page states.
      if (value && flag !== "--plan") expect(usage).toContain(`[${flag} ${value}]`);
    }
  });
});
