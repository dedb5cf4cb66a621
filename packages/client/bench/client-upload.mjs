#!/usr/bin/env node
// One measured upload with @dilnaka/client in a process of its own, so its RSS is the client's:
// node client-upload.mjs <baseURL> <apiKey> <file> [checksum]  →  {"ms":…, "putMs":…, "rssGrowth":…, "fileId":…}
// `ms` is the whole upload() (presign + PUT + complete); `putMs` the PUT alone, as curl measures.
import { Dilnaka } from "../dist/index.js";

const [baseURL, apiKey, path, checksum] = process.argv.slice(2);
// The API calls are timed through an injected fetch, so the PUT alone can be reported too.
const marks = {};
const timedFetch = async (request) => {
  const step = new URL(request.url).pathname.endsWith("/complete") ? "complete" : "presign";
  if (step === "complete") marks.completeStart = process.hrtime.bigint();
  const response = await fetch(request);
  if (step === "presign") marks.presignEnd = process.hrtime.bigint();
  return response;
};
const client = new Dilnaka({ apiKey, baseURL, envFile: false, maxRetries: 0, fetch: timedFetch });
globalThis.gc?.();
const baseline = process.memoryUsage.rss();
let peak = baseline;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
const started = process.hrtime.bigint();
// One PUT, as curl sends: keep the file under the multipart threshold (1 GiB would otherwise go in parts).
const file = await client.upload(path, { filename: "bench.bin", contentType: "application/octet-stream", multipartThreshold: 5 * 1024 ** 3, onProgress: () => {}, ...(checksum && { checksum: checksum === "false" ? false : checksum }) });
const ms = Number(process.hrtime.bigint() - started) / 1e6;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage.rss());
const putMs = Number(marks.completeStart - marks.presignEnd) / 1e6;
console.log(JSON.stringify({ ms, putMs, rssGrowth: peak - baseline, fileId: file.id, size: file.size }));
