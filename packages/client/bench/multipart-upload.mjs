#!/usr/bin/env node
// One measured multipart upload in a process of its own, so its peak RSS is the uploader's:
//   node multipart-upload.mjs <dilnaka|lib-storage> '<json options>' <file>  →  {"ms":…, "rssGrowth":…, "id":…}
// dilnaka: @dilnaka/client upload() with the given partSize / concurrency / multipartThreshold.
// lib-storage: @aws-sdk/lib-storage Upload straight to the S3 endpoint, same part size and queue.
// curl: `curl -T` of the file to a presigned single-PUT URL (the transfer alone is timed): a ceiling.
// curl-parts: the same multipart upload with `curl -T` of pre-cut part files (`<file>.parts/`),
//   `concurrency` curls at a time, the part PUTs alone timed: what the store takes over as many
//   connections from a client that costs almost no CPU, the ceiling of any multipart uploader there.
import { execFile, execFileSync } from "node:child_process";
import { createReadStream, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
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

/** Presign, then time the part PUTs alone (`concurrency` curls at a time), then complete with their ETags. */
async function viaCurlParts() {
  const client = new Dilnaka({ apiKey: opts.apiKey, baseURL: opts.baseURL, envFile: false, maxRetries: 0 });
  const dir = `${path}.parts`;
  const files = readdirSync(dir).sort();
  const created = await client.createMultipartUpload({ filename: "bench.bin", contentType: "application/octet-stream", size: statSync(path).size, partSize: opts.partSize });
  if (created.partCount !== files.length) throw new Error(`${files.length} part files, the upload has ${created.partCount} parts`);
  const presigned = [];
  for (let at = 1; at <= files.length; at += 1000) {
    const numbers = Array.from({ length: Math.min(1000, files.length - at + 1) }, (_, i) => at + i);
    presigned.push(...(await client.presignUploadParts(created.fileId, numbers)));
  }
  const run = promisify(execFile);
  const parts = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: opts.concurrency }, async () => {
    for (let i = next++; i < presigned.length; i = next++) {
      const part = presigned[i];
      const headers = Object.entries(part.headers ?? {}).flatMap(([k, v]) => ["-H", `${k}: ${v}`]);
      const { stdout } = await run("curl", ["-sS", "-f", "-o", "/dev/null", "-D", "-", "-X", part.method ?? "PUT", ...headers, "-T", join(dir, files[i]), part.url]);
      const etag = /^etag:\s*(.+?)\s*$/im.exec(stdout)?.[1];
      if (!etag) throw new Error(`part ${part.partNumber}: no ETag in the answer`);
      parts.push({ partNumber: part.partNumber, etag });
    }
  }));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  parts.sort((a, b) => a.partNumber - b.partNumber);
  await client.completeUpload(created.fileId, { parts });
  return { id: created.fileId, ms };
}

if (tool === "curl" || tool === "curl-parts") {
  const { id, ms } = tool === "curl" ? await viaCurl() : await viaCurlParts();
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
