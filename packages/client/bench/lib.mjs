// What the benchmark scripts share: servers in their own process groups, generated files, and the
// result table. Benchmarks report; they never fail on slow numbers.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, "../../..");
export const MiB = 1024 * 1024;

const children = [];
/** A scratch directory removed, with every started server, when the process exits. */
export function scratch(prefix) {
  const work = mkdtempSync(join(tmpdir(), prefix));
  process.on("exit", () => {
    for (const child of children) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
    }
    rmSync(work, { recursive: true, force: true });
  });
  for (const s of ["SIGINT", "SIGTERM"]) process.on(s, () => process.exit(130));
  return work;
}

/** Starts a server in its own process group and resolves with the KEY=value lines it prints. */
export function startServer(command, args, wanted) {
  const child = spawn(command, args, { cwd: root, detached: true, stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolveVars, reject) => {
    const vars = {};
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}`)));
    createInterface({ input: child.stdout }).on("line", (line) => {
      const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
      if (m) vars[m[1]] = m[2];
      if (wanted.every((k) => vars[k])) resolveVars(vars);
    });
  });
}

/** The dev server (usage plan: no per-file cap) and the discard sink. */
export function startTargets(work) {
  return Promise.all([
    startServer(process.execPath, ["packages/dev-server/bin/dev-server.mjs", "--port", "0", "--data-dir", join(work, "dev-data"), "--plan", "usage"], ["DILNAKA_BASE_URL", "DILNAKA_API_KEY"]),
    startServer(process.execPath, [join(here, "sink.mjs")], ["SINK_URL"]),
  ]);
}

/** `size` bytes of random data in 4 MiB blocks, every block different so no store can dedupe it. */
export async function makeFile(path, size) {
  const block = randomBytes(4 * MiB);
  await pipeline(
    Readable.from((function* () {
      for (let i = 0; i < Math.ceil(size / block.length); i++) {
        block.writeUInt32LE(i, 0);
        yield Buffer.from(block.subarray(0, Math.min(block.length, size - i * block.length)));
      }
    })()),
    createWriteStream(path),
  );
}

export const mbps = (size, ms) => size / 1e6 / (ms / 1000);
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function printTable(head, rows) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => "| " + cells.map((c, i) => String(c).padEnd(widths[i])).join(" | ") + " |";
  console.log("\n" + line(head));
  console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
  for (const r of rows) console.log(line(r));
}
