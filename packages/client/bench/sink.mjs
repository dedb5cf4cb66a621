#!/usr/bin/env node
// A discard sink: it measures an uploader itself, without a store's limits. It speaks just enough
// of two protocols for an upload, drops the bytes (counting them) and checks the counts add up:
//   - the Dilnaka API: presign + PUT + complete, and multipart (create, presign parts, part PUTs,
//     list parts, complete with ETags, abort), with URLs pointing back at this server;
//   - S3's multipart and PutObject, path-style (`/<bucket>/<key>`), for @aws-sdk/lib-storage.
//     Signatures are not checked.
// Prints SINK_URL=… once listening.
import { createServer } from "node:http";

const MiB = 1024 * 1024;
const uploads = new Map(); // id → { size, partSize, filename, contentType, single, parts: Map<n, bytes> }
let next = 0;

const etagOf = (id, n, bytes) => `"sink-${id}-${n}-${bytes}"`;
const json = (res, status, body) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
const xml = (res, body) => res.writeHead(200, { "content-type": "application/xml" }).end(`<?xml version="1.0" encoding="UTF-8"?>${body}`);
const fail = (res, status, error, message) => json(res, status, { success: false, error, message });

function choosePartSize(size, asked) {
  let partSize = asked ?? 16 * MiB;
  if (size && Math.ceil(size / partSize) > 10_000) partSize = Math.ceil(size / 10_000 / MiB) * MiB;
  return partSize;
}

/** Drops a PUT body, counting its bytes; stores the count as part `n` (0: a single PUT). */
function sinkBody(req, res, id, n) {
  let bytes = 0;
  req.on("data", (chunk) => (bytes += chunk.length));
  req.on("end", () => {
    const upload = uploads.get(id);
    if (upload) upload.parts.set(n, bytes);
    res.writeHead(200, { ETag: etagOf(id, n, bytes) }).end();
  });
}

const stored = (upload) => [...upload.parts.values()].reduce((a, b) => a + b, 0);

function fileJson(id, upload) {
  return { fileId: id, status: "uploaded", key: id, originalName: upload.filename, contentType: upload.contentType, size: stored(upload), publicUrl: null };
}

function dilnaka(req, res, url, input) {
  const base = `http://127.0.0.1:${server.address().port}`;
  const path = url.pathname;
  if (req.method === "POST" && path === "/v1/uploads/presign") {
    const id = `sink_${++next}`;
    uploads.set(id, { ...input, single: true, parts: new Map() });
    return json(res, 200, { fileId: id, fileKey: id, uploadUrl: `${base}/store/${id}/0`, expiresIn: 300, method: "PUT", headers: { "Content-Type": input.contentType } });
  }
  if (req.method === "POST" && path === "/v1/uploads/multipart") {
    const id = `sink_${++next}`;
    const partSize = choosePartSize(input.size, input.partSize);
    uploads.set(id, { ...input, partSize, single: false, parts: new Map() });
    const partCount = input.size ? Math.ceil(input.size / partSize) : null;
    return json(res, 200, { fileId: id, fileKey: id, uploadId: `u_${id}`, partSize, partCount, expiresIn: 86400 });
  }
  const m = path === "/v1/uploads/complete" ? null : /^\/v1\/uploads\/([^/]+)(\/parts)?$/.exec(path);
  const upload = m && uploads.get(m[1]);
  if (m && !upload) return fail(res, 404, "not_found", "File not found.");
  if (m && m[2] && req.method === "POST") {
    const parts = input.partNumbers.map((n) => ({ partNumber: n, url: `${base}/store/${m[1]}/${n}`, method: "PUT", headers: {}, expiresIn: 3600 }));
    return json(res, 200, { parts });
  }
  if (m && m[2] && req.method === "GET") {
    const parts = [...upload.parts].sort(([a], [b]) => a - b).map(([n, size]) => ({ partNumber: n, etag: etagOf(m[1], n, size), size }));
    return json(res, 200, { fileId: m[1], uploadId: `u_${m[1]}`, partSize: upload.partSize, partCount: upload.size ? Math.ceil(upload.size / upload.partSize) : null, size: upload.size ?? null, parts });
  }
  if (m && !m[2] && req.method === "DELETE") {
    uploads.delete(m[1]);
    return json(res, 200, { success: true, fileId: m[1], aborted: true });
  }
  if (req.method === "POST" && path === "/v1/uploads/complete") {
    const done = uploads.get(input.fileId);
    if (!done) return fail(res, 404, "not_found", "File not found.");
    if (input.parts) {
      for (const p of input.parts) {
        if (p.etag !== etagOf(input.fileId, p.partNumber, done.parts.get(p.partNumber))) return fail(res, 409, "invalid_part", `part ${p.partNumber}`);
      }
    }
    if (done.size !== undefined && stored(done) !== done.size) return fail(res, 409, "size_mismatch", `stored ${stored(done)} of ${done.size}`);
    uploads.delete(input.fileId);
    return json(res, 200, fileJson(input.fileId, done));
  }
  fail(res, 404, "not_found", `sink: no route for ${req.method} ${path}`);
}

/** S3, path-style, as lib-storage calls it: CreateMultipartUpload, UploadPart, Complete, Abort, PutObject. */
function s3(req, res, url) {
  const q = url.searchParams;
  if (req.method === "POST" && q.has("uploads")) {
    const id = `s3_${++next}`;
    uploads.set(id, { parts: new Map() });
    req.resume();
    return xml(res, `<InitiateMultipartUploadResult><Bucket>bench</Bucket><Key>k</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`);
  }
  if (req.method === "PUT" && q.has("uploadId")) return sinkBody(req, res, q.get("uploadId"), Number(q.get("partNumber")));
  if (req.method === "PUT") return sinkBody(req, res, "object", 0);
  if (req.method === "POST" && q.has("uploadId")) {
    uploads.delete(q.get("uploadId"));
    req.resume();
    return xml(res, `<CompleteMultipartUploadResult><Bucket>bench</Bucket><Key>k</Key><ETag>"done"</ETag></CompleteMultipartUploadResult>`);
  }
  if (req.method === "DELETE") {
    uploads.delete(q.get("uploadId"));
    return res.writeHead(204).end();
  }
  res.writeHead(400).end();
}

const server = createServer((req, res) => {
  const url = new URL(req.url, "http://sink");
  const store = /^\/store\/([^/]+)\/(\d+)$/.exec(url.pathname);
  if (req.method === "PUT" && store) return sinkBody(req, res, store[1], Number(store[2]));
  if (!url.pathname.startsWith("/v1/")) return s3(req, res, url);
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => dilnaka(req, res, url, body ? JSON.parse(body) : {}));
});
server.listen(0, "127.0.0.1", () => console.log(`SINK_URL=http://127.0.0.1:${server.address().port}`));
for (const s of ["SIGTERM", "SIGINT"]) process.on(s, () => process.exit(0));
