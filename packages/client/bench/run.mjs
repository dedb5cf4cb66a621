#!/usr/bin/env node
// pnpm bench (for @dilnaka/client): uploads a 1 GiB generated file with @dilnaka/client and with
// `curl -T`, 3 interleaved rounds, to (a) the dev server's embedded store and (b) a discard sink,
// then prints MB/s (min / median / max), the ratio to curl's median and the client's peak RSS
// growth. A benchmark, not a test: it reports, it does not fail on slow numbers.
//   env: BENCH_SIZE_MIB (default 1024), BENCH_ROUNDS (default 3)
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { Dilnaka } from "../dist/index.js";
import { here, makeFile, mbps as mbpsOf, median, printTable, scratch, startTargets } from "./lib.mjs";

const SIZE = Number(process.env.BENCH_SIZE_MIB ?? 1024) * 1024 * 1024;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const work = scratch("dilnaka-bench-");

function runSdk(target, path) {
  const out = execFileSync(process.execPath, [join(here, "client-upload.mjs"), target.baseURL, target.apiKey, path], { encoding: "utf8" });
  const result = JSON.parse(out.trim().split("\n").at(-1));
  if (result.size !== SIZE) throw new Error(`client uploaded ${result.size} bytes`);
  return result;
}

async function runCurl(target, path) {
  const presigned = await target.client.createPresignedUpload({ filename: "bench.bin", contentType: "application/octet-stream", size: SIZE });
  const headers = Object.entries(presigned.headers).flatMap(([k, v]) => ["-H", `${k}: ${v}`]);
  // -H "Expect:" skips the 100-continue round trip: the strictest baseline.
  const out = execFileSync("curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code} %{time_total}", "-T", path, ...headers, "-H", "Expect:", presigned.uploadUrl], { encoding: "utf8" });
  const [code, seconds] = out.trim().split(" ");
  if (!["200", "201", "204"].includes(code)) throw new Error(`curl got ${code}`);
  return { ms: Number(seconds) * 1000, fileId: presigned.fileId };
}

const mbps = (ms) => mbpsOf(SIZE, ms);

console.log(`bench: ${SIZE / 1024 / 1024} MiB file, ${ROUNDS} interleaved rounds, @dilnaka/client vs curl -T`);
const file = join(work, "bench.bin");
await makeFile(file, SIZE);
const [dev, sink] = await startTargets(work);
const targets = [
  { name: "dev-server store", baseURL: dev.DILNAKA_BASE_URL, apiKey: dev.DILNAKA_API_KEY, cleanup: true },
  { name: "discard sink", baseURL: sink.SINK_URL, apiKey: "dlk_dev_bench_sink_key", cleanup: false },
];
for (const t of targets) t.client = new Dilnaka({ apiKey: t.apiKey, baseURL: t.baseURL, envFile: false });

const results = new Map(); // `${target}|${tool}` → [{ms, rssGrowth}]
const record = (t, tool, r) => results.set(`${t.name}|${tool}`, [...(results.get(`${t.name}|${tool}`) ?? []), r]);
for (let round = 0; round < ROUNDS; round++) {
  for (const t of targets) {
    const order = round % 2 === 0 ? ["curl", "client"] : ["client", "curl"];
    for (const tool of order) {
      const r = tool === "curl" ? await runCurl(t, file) : runSdk(t, file);
      record(t, tool, r);
      process.stdout.write(`  round ${round + 1} ${t.name.padEnd(16)} ${tool.padEnd(6)} ${mbps(r.ms).toFixed(0).padStart(5)} MB/s\n`);
      if (t.cleanup) await t.client.deleteFile(r.fileId).catch(() => {});
    }
  }
}

const rows = [];
const verdicts = [];
for (const t of targets) {
  const curlMedian = median(results.get(`${t.name}|curl`).map((r) => mbps(r.ms)));
  for (const tool of ["curl", "client"]) {
    const runs = results.get(`${t.name}|${tool}`);
    const speeds = runs.map((r) => mbps(r.ms));
    const putSpeeds = tool === "client" ? runs.map((r) => mbps(r.putMs)) : undefined;
    const ratio = median(speeds) / curlMedian;
    const rss = tool === "client" ? `${(Math.max(...runs.map((r) => r.rssGrowth)) / 1024 / 1024).toFixed(1)} MiB` : "—";
    rows.push([t.name, tool === "client" ? "@dilnaka/client upload()" : "curl -T (PUT)", Math.min(...speeds).toFixed(0), median(speeds).toFixed(0), Math.max(...speeds).toFixed(0), `${ratio.toFixed(2)}×`, rss]);
    if (putSpeeds) {
      const putRatio = median(putSpeeds) / curlMedian;
      rows.push([t.name, "@dilnaka/client (PUT)", Math.min(...putSpeeds).toFixed(0), median(putSpeeds).toFixed(0), Math.max(...putSpeeds).toFixed(0), `${putRatio.toFixed(2)}×`, ""]);
    }
    if (tool === "client") {
      const want = t.name === "discard sink" ? 0.8 : 0.95;
      verdicts.push(`${t.name}: ${ratio.toFixed(2)}× curl (target ≥ ${want}×) ${ratio >= want ? "met" : "NOT met"}`);
      const growth = Math.max(...runs.map((r) => r.rssGrowth)) / 1024 / 1024;
      verdicts.push(`${t.name}: peak RSS growth ${growth.toFixed(1)} MiB (target ≤ 64 MiB) ${growth <= 64 ? "met" : "NOT met"}`);
    }
  }
}
printTable(["target", "uploader", "MB/s min", "median", "max", "vs curl", "peak RSS growth"], rows);
console.log("\n" + verdicts.join("\n"));
console.log(`node ${process.versions.node}, ${execFileSync("curl", ["--version"], { encoding: "utf8" }).split(" ").slice(0, 2).join(" ")}`);
process.exit(0); // stops the servers (exit handler); their pipes would otherwise keep us alive
