#!/usr/bin/env node
// pnpm bench, multipart part (for @dilnaka/client):
//   1. a 6 GiB generated file (above S3's 5 GiB single-PUT limit) uploaded by @dilnaka/client and
//      by @aws-sdk/lib-storage's Upload, same part size and concurrency, to (a) the dev server's
//      store and (b) the discard sink;
//   2. a 1 GiB file: our multipart vs our single PUT, to the same two targets.
// Interleaved rounds, each upload in its own process (its peak RSS is the uploader's). Prints MB/s
// min / median / max, the ratio to the row's baseline, and peak RSS growth, then the verdicts.
//   env: BENCH_MULTIPART_MIB (default 6144), BENCH_SINGLE_MIB (default 1024), BENCH_ROUNDS (default 3),
//        BENCH_PART_MIB (default 16), BENCH_CONCURRENCY (default 4)
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { DeleteObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Dilnaka } from "../dist/index.js";
import { MiB, here, makeFile, mbps, median, printTable, scratch, startTargets } from "./lib.mjs";

const BIG = Number(process.env.BENCH_MULTIPART_MIB ?? 6144) * MiB;
const ONE = Number(process.env.BENCH_SINGLE_MIB ?? 1024) * MiB;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PART = Number(process.env.BENCH_PART_MIB ?? 16) * MiB;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const work = scratch("dilnaka-bench-mp-");

console.log(`load average at the start: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
console.log(`bench multipart: ${BIG / MiB} MiB vs lib-storage, ${ONE / MiB} MiB multipart vs single PUT; ${PART / MiB} MiB parts × ${CONCURRENCY}, ${ROUNDS} rounds`);
const big = join(work, "big.bin");
const one = join(work, "one.bin");
await Promise.all([makeFile(big, BIG), makeFile(one, ONE)]);
// The curl ceiling's part files (bench/multipart-upload.mjs curl-parts), cut before any round and
// on disk before the first one, so the writes of cutting them weigh on no upload.
for (const file of [big, one]) {
  mkdirSync(`${file}.parts`);
  execFileSync("split", ["-b", String(PART), "-a", "5", "-d", file, join(`${file}.parts`, "p")]);
}
execFileSync("sync");
const [dev, sink] = await startTargets(work);

/** lib-storage talks S3 to the same endpoint our part URLs point at (the dev server's store front). */
async function storeEndpoint(client) {
  const presigned = await client.createPresignedUpload({ filename: "probe.bin", contentType: "application/octet-stream", size: 1 });
  await client.abortUpload(presigned.fileId).catch(() => {});
  return new URL(presigned.uploadUrl).origin;
}

const S3_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" }; // the embedded store's fixed, loopback-only keys
const devClient = new Dilnaka({ apiKey: dev.DILNAKA_API_KEY, baseURL: dev.DILNAKA_BASE_URL, envFile: false });
const targets = [
  { name: "dev-server store", baseURL: dev.DILNAKA_BASE_URL, apiKey: dev.DILNAKA_API_KEY, client: devClient, s3: { endpoint: await storeEndpoint(devClient), bucket: "dilnaka-dev", credentials: S3_CREDENTIALS } },
  { name: "discard sink", baseURL: sink.SINK_URL, apiKey: "dlk_dev_bench_sink_key", s3: { endpoint: sink.SINK_URL, bucket: "bench", credentials: S3_CREDENTIALS } },
];

// lib-storage sends no checksum and a single PUT from a path sends none by default, while our
// multipart signs each part's SHA-256 by default (the client hashes it, the store recomputes it):
// the like-for-like rows are "checksum off", and the targets are judged on those. The default
// (sha256) rows stay, with their ratio printed too. curl -T (one PUT, 1 GiB) is the ceiling line.
const uploaders = {
  "@dilnaka/client multipart sha256": { tool: "dilnaka", multipartThreshold: 0 },
  "@dilnaka/client multipart checksum off": { tool: "dilnaka", multipartThreshold: 0, checksum: false },
  "@dilnaka/client single PUT": { tool: "dilnaka", multipartThreshold: 5 * 1024 * MiB },
  "@aws-sdk/lib-storage Upload": { tool: "lib-storage" },
  "curl -T (single PUT, ceiling)": { tool: "curl" },
  "curl -T parts (multipart, ceiling)": { tool: "curl-parts" },
};
const PARTS_CEILING = "curl -T parts (multipart, ceiling)";
const LIKE = "@dilnaka/client multipart checksum off";
const suites = [
  { size: BIG, path: big, baseline: "@aws-sdk/lib-storage Upload", others: [LIKE, "@dilnaka/client multipart sha256", PARTS_CEILING], target: 2.5, on: ["dev-server store"] },
  { size: ONE, path: one, baseline: "@dilnaka/client single PUT", others: [LIKE, "@dilnaka/client multipart sha256", "curl -T (single PUT, ceiling)", PARTS_CEILING], target: 0.9, on: ["dev-server store", "discard sink"] },
];

function run(target, name, path) {
  const { tool, multipartThreshold, checksum } = uploaders[name];
  const opts = { baseURL: target.baseURL, apiKey: target.apiKey, s3: target.s3, partSize: PART, concurrency: CONCURRENCY, multipartThreshold, checksum };
  const out = execFileSync(process.execPath, [join(here, "multipart-upload.mjs"), tool, JSON.stringify(opts), path], { encoding: "utf8", maxBuffer: 1 << 20 });
  return { ...JSON.parse(out.trim().split("\n").at(-1)), tool };
}

async function cleanup(target, result) {
  if (!target.client) return;
  if (result.tool !== "lib-storage") return target.client.deleteFile(result.id).catch(() => {});
  const s3 = new S3Client({ endpoint: target.s3.endpoint, region: "us-east-1", forcePathStyle: true, credentials: target.s3.credentials });
  await s3.send(new DeleteObjectCommand({ Bucket: target.s3.bucket, Key: result.id })).catch(() => {});
}

const results = new Map();
for (let round = 0; round < ROUNDS; round++) {
  for (const suite of suites) {
    for (const t of targets) {
      const names = [suite.baseline, ...suite.others];
      for (const name of round % 2 === 0 ? names : names.reverse()) {
        const r = run(t, name, suite.path);
        const key = `${suite.size}|${t.name}|${name}`;
        results.set(key, [...(results.get(key) ?? []), r]);
        process.stdout.write(`  round ${round + 1} ${String(suite.size / MiB).padStart(5)} MiB ${t.name.padEnd(16)} ${name.padEnd(28)} ${mbps(suite.size, r.ms).toFixed(0).padStart(5)} MB/s\n`);
        await cleanup(t, r);
      }
    }
  }
}

const rows = [];
const verdicts = [];
const rssBudget = CONCURRENCY * PART + 64 * MiB;
for (const suite of suites) {
  for (const t of targets) {
    const speedsOf = (name) => results.get(`${suite.size}|${t.name}|${name}`).map((r) => mbps(suite.size, r.ms));
    const base = median(speedsOf(suite.baseline));
    for (const name of [suite.baseline, ...suite.others]) {
      const speeds = speedsOf(name);
      const growth = Math.max(...results.get(`${suite.size}|${t.name}|${name}`).map((r) => r.rssGrowth));
      const ratio = median(speeds) / base;
      rows.push([`${suite.size / MiB} MiB`, t.name, name, Math.min(...speeds).toFixed(0), median(speeds).toFixed(0), Math.max(...speeds).toFixed(0), `${ratio.toFixed(2)}×`, name.startsWith("curl") ? "—" : `${(growth / MiB).toFixed(0)} MiB`]);
      if (name === suite.baseline || name.startsWith("curl")) continue;
      const want = suite.target;
      if (suite.on.includes(t.name)) {
        const judged = name === LIKE ? `(target ≥ ${want}×) ${ratio >= want ? "met" : "NOT met"}` : "(default checksums: not like for like, for information)";
        verdicts.push(`${suite.size / MiB} MiB ${t.name}: ${name} ${ratio.toFixed(2)}× ${suite.baseline} ${judged}`);
      }
      verdicts.push(`${suite.size / MiB} MiB ${t.name}: ${name} peak RSS growth ${(growth / MiB).toFixed(0)} MiB (target ≤ ${rssBudget / MiB} MiB) ${growth <= rssBudget ? "met" : "NOT met"}`);
    }
  }
}
// What the store can take at all bounds every ratio to it: said beside the target.
for (const suite of suites.filter((x) => x.baseline === "@aws-sdk/lib-storage Upload")) {
  for (const t of targets) {
    const at = (name) => median(results.get(`${suite.size}|${t.name}|${name}`).map((r) => mbps(suite.size, r.ms)));
    const needed = at(suite.baseline) * suite.target;
    verdicts.push(`${suite.size / MiB} MiB ${t.name}: ${suite.target}× ${suite.baseline} is ${needed.toFixed(0)} MB/s; ${PARTS_CEILING} reached ${at(PARTS_CEILING).toFixed(0)} MB/s, ours ${at(LIKE).toFixed(0)} MB/s (${(at(LIKE) / at(PARTS_CEILING)).toFixed(2)}× the ceiling)`);
  }
}
printTable(["file", "target", "uploader", "MB/s min", "median", "max", "vs baseline", "peak RSS growth"], rows);
console.log("\n" + verdicts.join("\n"));
console.log(`node ${process.versions.node}, ${PART / MiB} MiB parts, concurrency ${CONCURRENCY}, load average at the end ${loadavg().map((l) => l.toFixed(2)).join(" ")} (${cpus().length} CPUs)`);
process.exit(0); // stops the servers (exit handler)
