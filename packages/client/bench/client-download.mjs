#!/usr/bin/env node
// One measured download with @dilnaka/client in a process of its own, so its RSS is the client's:
// node client-download.mjs <baseURL> <apiKey> <fileId> <path> [verify]  →  {"ms":…, "getMs":…, "rssGrowth":…, "size":…}
// `ms` is the whole download() (getFile + access URL + GET + verify + fsync + rename); `getMs`
// from the access URL's answer to the end, as curl -o measures its GET.
import { Dilnaka } from "../dist/index.js";

const [baseURL, apiKey, fileId, path, verify = "true"] = process.argv.slice(2);
const marks = {};
const timedFetch = async (request) => {
  const response = await fetch(request);
  if (new URL(request.url).pathname.endsWith("/access-url")) marks.accessEnd = process.hrtime.bigint();
  return response;
};
const client = new Dilnaka({ apiKey, baseURL, envFile: false, maxRetries: 0, fetch: timedFetch });
globalThis.gc?.();
const baseline = process.memoryUsage.rss();
let peak = baseline;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
const started = process.hrtime.bigint();
const result = await client.download(fileId, path, { verify: verify === "true", onProgress: () => {} });
const ended = process.hrtime.bigint();
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage.rss());
console.log(JSON.stringify({ ms: Number(ended - started) / 1e6, getMs: Number(ended - marks.accessEnd) / 1e6, rssGrowth: peak - baseline, size: result.size, checksum: result.checksumSha256 }));
