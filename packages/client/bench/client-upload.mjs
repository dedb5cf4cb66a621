#!/usr/bin/env node
// One measured upload with @dilnaka/client in a process of its own, so its RSS is the client's:
// node client-upload.mjs <baseURL> <apiKey> <file>  →  {"ms":…, "rssGrowth":…, "fileId":…}
import { Dilnaka } from "../dist/index.js";

const [baseURL, apiKey, path] = process.argv.slice(2);
const client = new Dilnaka({ apiKey, baseURL, envFile: false, maxRetries: 0 });
globalThis.gc?.();
const baseline = process.memoryUsage.rss();
let peak = baseline;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
const started = process.hrtime.bigint();
const file = await client.upload(path, { filename: "bench.bin", contentType: "application/octet-stream", onProgress: () => {} });
const ms = Number(process.hrtime.bigint() - started) / 1e6;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage.rss());
console.log(JSON.stringify({ ms, rssGrowth: peak - baseline, fileId: file.id, size: file.size }));
