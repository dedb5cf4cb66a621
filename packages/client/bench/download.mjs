#!/usr/bin/env node
// pnpm bench (for @dilnaka/client), issue #16: (1) download a 1 GiB file from the dev server's store
// with @dilnaka/client's download() (streamed to a temp file, SHA-256 verified, fsynced, renamed)
// vs `curl -o` from the same kind of access URL, and download() with verify: false; (2) the cost
// of `checksum: "sha256"` on a 1 GiB single-PUT upload (a pre-pass over the file) as a ratio to
// the same upload with `checksum: false`. Interleaved rounds, MB/s min / median / max, each client
// run in its own process for its RSS. A benchmark: it reports, it does not fail on slow numbers.
//   env: BENCH_SIZE_MIB (default 1024), BENCH_ROUNDS (default 3)
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { Dilnaka } from "../dist/index.js";
import { here, makeFile, mbps as mbpsOf, median, printTable, scratch, startServer } from "./lib.mjs";

const SIZE = Number(process.env.BENCH_SIZE_MIB ?? 1024) * 1024 * 1024;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const work = scratch("dilnaka-bench-download-");
const mbps = (ms) => mbpsOf(SIZE, ms);
const node = (script, args) => JSON.parse(execFileSync(process.execPath, [join(here, script), ...args], { encoding: "utf8" }).trim().split("\n").at(-1));

// Other work on the machine moves every figure: the load average goes with them.
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
console.log(`bench: ${SIZE / 1024 / 1024} MiB, ${ROUNDS} interleaved rounds: download() vs curl -o; upload() with checksum "sha256" vs false; load average ${load()}`);
const source = join(work, "source.bin");
await makeFile(source, SIZE);
const dev = await startServer(process.execPath, ["packages/dev-server/bin/dev-server.mjs", "--port", "0", "--data-dir", join(work, "dev-data"), "--plan", "usage"], ["DILNAKA_BASE_URL", "DILNAKA_API_KEY"]);
const [baseURL, apiKey] = [dev.DILNAKA_BASE_URL, dev.DILNAKA_API_KEY];
const client = new Dilnaka({ apiKey, baseURL, envFile: false });

// The file every download reads: one PUT with its SHA-256, so download() verifies a real checksum.
const stored = await client.upload(source, { filename: "bench.bin", multipartThreshold: 5 * 1024 ** 3, checksum: "sha256" });

function curlDownload(url, path) {
  const out = execFileSync("curl", ["-sS", "-o", path, "-w", "%{http_code} %{time_total}", url], { encoding: "utf8" });
  const [code, seconds] = out.trim().split(" ");
  if (code !== "200") throw new Error(`curl got ${code}`);
  return { ms: Number(seconds) * 1000 };
}

const results = new Map();
const record = (tool, r) => results.set(tool, [...(results.get(tool) ?? []), r]);
const target = join(work, "downloaded.bin");
const TOOLS = {
  "curl -o": async () => curlDownload((await client.getFileAccessUrl(stored.id)).url, target),
  // download() fsyncs before its rename; curl does not: this row shows what that durability costs.
  "curl -o, then sync FILE": async () => {
    const started = performance.now();
    curlDownload((await client.getFileAccessUrl(stored.id)).url, target);
    execFileSync("sync", [target]);
    return { ms: performance.now() - started };
  },
  "download()": async () => node("client-download.mjs", [baseURL, apiKey, stored.id, target, "true"]),
  "download() verify: false": async () => node("client-download.mjs", [baseURL, apiKey, stored.id, target, "false"]),
  'upload() checksum: false': async () => uploadOnce("false"),
  'upload() checksum: "sha256"': async () => uploadOnce("sha256"),
};
async function uploadOnce(checksum) {
  const r = node("client-upload.mjs", [baseURL, apiKey, source, checksum]);
  await client.deleteFile(r.fileId).catch(() => {});
  return r;
}

for (let round = 0; round < ROUNDS; round++) {
  const names = Object.keys(TOOLS);
  for (const tool of round % 2 === 0 ? names : [...names].reverse()) {
    const r = await TOOLS[tool]();
    record(tool, r);
    rmSync(target, { force: true });
    process.stdout.write(`  round ${round + 1} ${tool.padEnd(30)} ${mbps(r.ms).toFixed(0).padStart(5)} MB/s\n`);
  }
}

const med = (tool, key = "ms") => median(results.get(tool).map((r) => mbps(r[key])));
const rss = (tool) => `${(Math.max(...results.get(tool).map((r) => r.rssGrowth ?? 0)) / 1024 / 1024).toFixed(1)} MiB`;
const rows = Object.keys(TOOLS).map((tool) => {
  const speeds = results.get(tool).map((r) => mbps(r.ms));
  const base = tool.startsWith("upload") ? med("upload() checksum: false") : med("curl -o");
  return [tool, Math.min(...speeds).toFixed(0), median(speeds).toFixed(0), Math.max(...speeds).toFixed(0), `${(median(speeds) / base).toFixed(2)}×`, tool.startsWith("curl") ? "—" : rss(tool)];
});
printTable(["run", "MB/s min", "median", "max", "vs baseline", "peak RSS growth"], rows);
const ratio = med("download()") / med("curl -o");
const getRatio = med("download()", "getMs") / med("curl -o");
const cost = median(results.get('upload() checksum: "sha256"').map((r) => r.ms)) / median(results.get("upload() checksum: false").map((r) => r.ms));
console.log(`\ndownload() vs curl -o: ${ratio.toFixed(2)}× (GET alone ${getRatio.toFixed(2)}×; target ≥ 0.9×) ${ratio >= 0.9 ? "met" : "NOT met"}`);
console.log(`checksum: "sha256" on a ${SIZE / 1024 / 1024} MiB upload takes ${cost.toFixed(2)}× the time of checksum: false (a SHA-256 pre-pass over the file)`);
const synced = med("download()") / med("curl -o, then sync FILE");
console.log(`download() vs curl -o followed by sync of the file (the same durability): ${synced.toFixed(2)}×`);
console.log(`load average at the end: ${load()}`);
console.log(`node ${process.versions.node}, ${execFileSync("curl", ["--version"], { encoding: "utf8" }).split(" ").slice(0, 2).join(" ")}`);
process.exit(0); // stops the dev server (exit handler)
