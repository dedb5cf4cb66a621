import { randomBytes } from "node:crypto";
import { openSync, closeSync, ftruncateSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { armFault, clearFaults } from "./dev-faults.js";
import { binPath, emptyDir, runCli } from "./run-cli.js";
import { shellQuote, TmuxSession } from "./tmux.js";

const baseUrl = inject("baseUrl");
const apiKey = inject("apiKey");
const server = { DILNAKA_BASE_URL: baseUrl, DILNAKA_API_KEY: apiKey };
const BIG = 96 * 1024 * 1024;

/** A big file that costs nothing to make: random head, sparse (zero) rest. */
function bigFile(dir: string, name: string): void {
  const fd = openSync(join(dir, name), "w");
  writeSync(fd, randomBytes(64 * 1024));
  ftruncateSync(fd, BIG);
  closeSync(fd);
}

/** A shell line that runs the CLI with only the dev server's settings, then prints its exit code. */
function cliLine(dir: string, args: string[]): string {
  const env = Object.entries({ ...server, PATH: process.env.PATH ?? "/usr/bin:/bin", TERM: "xterm-256color" })
    .map(([name, value]) => `${name}=${shellQuote(value)}`)
    .join(" ");
  const argv = [process.execPath, binPath, ...args].map(shellQuote).join(" ");
  return `cd ${shellQuote(dir)} && env -i ${env} ${argv}; echo EXIT=$?; sleep 600`;
}

const percentOf = (screen: string, name: string): number[] =>
  screen
    .split("\n")
    .filter((line) => line.includes(name) && line.includes("│"))
    .map((line) => Number(/│\s*(\d+)%/.exec(line)?.[1]))
    .filter((value) => Number.isFinite(value));

describe("on a terminal (tmux)", () => {
  let session: TmuxSession | undefined;
  afterEach(async () => {
    session?.kill();
    await clearFaults(baseUrl);
  });

  it("draws a bar per file that moves (bytes, percent, speed, ETA) and finishes with a summary", async () => {
    const dir = emptyDir();
    bigFile(dir, "big.bin");
    writeFileSync(join(dir, "small.txt"), "small\n");
    // Slow the storage so the bar is on screen long enough to be seen at several points.
    await armFault(baseUrl, { target: "store", operation: "put", delayMs: 1500, times: 1 });
    session = new TmuxSession(cliLine(dir, ["upload", "big.bin", "small.txt"]));
    const screens = await session.waitFor((screen) => screen.includes("EXIT="));
    const last = screens[screens.length - 1]!;

    const percents = [...new Set(screens.flatMap((screen) => percentOf(screen, "big.bin")))];
    // Seen part-way (the storage holds the PUT, so the bar stops between 0 and 100 for a while).
    expect(percents.length, `percentages seen: ${percents}`).toBeGreaterThanOrEqual(2);
    expect(percents.some((p) => p > 0 && p < 100), `percentages seen: ${percents}`).toBe(true);
    const barLine = screens.flatMap((s) => s.split("\n")).find((line) => /big\.bin.*│.*│\s*\d+%/.test(line))!;
    expect(barLine).toMatch(/\d+% \S+ \S+\/96\.0 MiB\s+(\S+ \S+\/s|-- B\/s)\s+ETA \S+/);

    expect(last).toMatch(/✓ big\.bin\s+96\.0 MiB in \S+ \(.+\/s\) → \S+/);
    expect(last).toMatch(/✓ small\.txt\s+6 B in/);
    expect(last).toMatch(/^2 uploaded \(96\.0 MiB in \S+, .+\/s\)$/m);
    expect(last).toContain("EXIT=0");
  });

  it("Ctrl-C aborts the upload in flight, exits 130, and leaves no completed file", async () => {
    const dir = emptyDir();
    const name = `interrupted-${Date.now()}.bin`;
    bigFile(dir, name);
    await armFault(baseUrl, { target: "store", operation: "put", delayMs: 20_000, times: 1 });
    session = new TmuxSession(cliLine(dir, ["upload", name]));
    await session.waitFor((screen) => percentOf(screen, name).length > 0);
    session.sendKeys("C-c");
    const screens = await session.waitFor((screen) => screen.includes("EXIT="), 15_000);
    const last = screens[screens.length - 1]!;
    expect(last).toContain(`✗ ${name}`);
    expect(last).toMatch(/^Interrupted: 0 uploaded, 1 aborted/m);
    expect(last).toContain("EXIT=130");
    expect(last).not.toMatch(/\n\s+at /);

    const listed = JSON.parse((await runCli(["ls", "--json", "--limit", "1000"], { env: server })).stdout) as {
      originalName: string;
      status: string;
    }[];
    expect(listed.filter((file) => file.originalName === name && file.status === "uploaded")).toEqual([]);
  });

  it("`rm` asks first: 'n' keeps the file, 'y' deletes it", async () => {
    const dir = emptyDir();
    writeFileSync(join(dir, "keep-me.txt"), "keep\n");
    const uploaded = await runCli(["upload", "--json", "keep-me.txt"], { cwd: dir, env: server });
    const id = (JSON.parse(uploaded.stdout) as { file: { id: string } }[])[0]!.file.id;

    session = new TmuxSession(cliLine(dir, ["rm", id]));
    await session.waitFor((screen) => screen.includes(`Delete file ${id}? This cannot be undone. [y/N]`));
    session.sendKeys("n", "Enter");
    const kept = await session.waitFor((screen) => screen.includes("EXIT="));
    expect(kept[kept.length - 1]).toContain("Nothing deleted.");
    expect(kept[kept.length - 1]).toContain("EXIT=0");
    expect((await runCli(["url", id], { env: server })).code).toBe(0);
    session.kill();

    session = new TmuxSession(cliLine(dir, ["rm", id]));
    await session.waitFor((screen) => screen.includes("[y/N]"));
    session.sendKeys("y", "Enter");
    const deleted = await session.waitFor((screen) => screen.includes("EXIT="));
    expect(deleted[deleted.length - 1]).toContain(`deleted ${id}`);
    expect((await runCli(["url", id], { env: server })).code).toBe(1);
  });
});
