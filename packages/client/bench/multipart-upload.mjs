#!/usr/bin/env node
// One measured multipart upload in a process of its own, so its peak RSS is the uploader's:
//   node multipart-upload.mjs <dilnaka|lib-storage> '<json options>' <file>  →  {"ms":…, "rssGrowth":…, "id":…}
// dilnaka: @dilnaka/client upload() with the given partSize / concurrency / multipartThreshold.
// lib-storage: @aws-sdk/lib-storage Upload straight to the S3 endpoint, same part size and queue.
// curl: `curl -T` of the file to a presigned single-PUT URL (the transfer alone is timed): a ceiling.
import { execFileSync } from "node:child_process";
import { createReadStream, statSync } from "node:fs";
import { S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { Dilnaka } from "../dist/index.js";

const [tool, json, path] = process.argv.slice(2);
const opts = JSON.parse(json);

async function viaDilnaka() {
  const client = new Dilnaka({ apiKey: opts.apiKey, baseURL: opts.baseURL, envFile: false, maxRetries: 0 });
  const file = await client.upload(path, {
    filename: "bench.bin",
    contentType: "application/octet-stream",
    partSize: opts.partSize,
    concurrency: opts.concurrency,
    multipartThreshold: opts.multipartThreshold,
    ...(opts.checksum === undefined ? {} : { checksum: opts.checksum }),
    onProgress: () => {},
  });
  return file.id;
}

async function viaLibStorage() {
  const s3 = new S3Client({
    endpoint: opts.s3.endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: opts.s3.credentials,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const key = `bench/lib-storage-${Date.now()}.bin`;
  const upload = new Upload({
    client: s3,
    params: { Bucket: opts.s3.bucket, Key: key, Body: createReadStream(path), ContentType: "application/octet-stream" },
    partSize: opts.partSize,
    queueSize: opts.concurrency,
    leavePartsOnError: false,
  });
  await upload.done();
  return key;
}

/** Presign, then time `curl -T` alone, then complete; returns the file id and the curl time. */
async function viaCurl() {
  const client = new Dilnaka({ apiKey: opts.apiKey, baseURL: opts.baseURL, envFile: false, maxRetries: 0 });
  const size = statSync(path).size;
  const p = await client.createPresignedUpload({ filename: "bench.bin", contentType: "application/octet-stream", size });
  const headers = Object.entries(p.headers ?? {}).flatMap(([k, v]) => ["-H", `${k}: ${v}`]);
  const started = process.hrtime.bigint();
  execFileSync("curl", ["-sS", "-f", "-o", "/dev/null", "-X", p.method ?? "PUT", ...headers, "-T", path, p.uploadUrl]);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await client.completeUpload(p.fileId);
  return { id: p.fileId, ms };
}

if (tool === "curl") {
  const { id, ms } = await viaCurl();
  console.log(JSON.stringify({ ms, rssGrowth: 0, id }));
  process.exit(0);
}

globalThis.gc?.();
const baseline = process.memoryUsage.rss();
let peak = baseline;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
const started = process.hrtime.bigint();
const id = tool === "lib-storage" ? await viaLibStorage() : await viaDilnaka();
const ms = Number(process.hrtime.bigint() - started) / 1e6;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage.rss());
console.log(JSON.stringify({ ms, rssGrowth: peak - baseline, id }));
