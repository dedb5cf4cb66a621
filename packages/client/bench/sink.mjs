#!/usr/bin/env node
// A discard sink speaking just enough of the Dilnaka API for an upload: presign answers a URL on
// this server, the PUT drops the bytes (counting them) and answers 200, complete answers the file.
// It measures the client itself, without a store's limits. Prints SINK_URL=… once listening.
import { createServer } from "node:http";

const files = new Map();
let next = 0;
const server = createServer((req, res) => {
  const url = new URL(req.url, "http://sink");
  const json = (status, body) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  if (req.method === "PUT" && url.pathname.startsWith("/store/")) {
    let bytes = 0;
    req.on("data", (chunk) => (bytes += chunk.length));
    req.on("end", () => {
      const file = files.get(url.pathname.slice(7));
      if (file) file.stored = bytes;
      res.writeHead(200).end();
    });
    return;
  }
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    const input = body ? JSON.parse(body) : {};
    if (req.method === "POST" && url.pathname === "/v1/uploads/presign") {
      const fileId = `sink_${++next}`;
      files.set(fileId, { ...input, stored: -1 });
      return json(200, {
        fileId,
        fileKey: `${input.folder}/${fileId}-${input.filename}`,
        uploadUrl: `http://127.0.0.1:${server.address().port}/store/${fileId}?X-Amz-Signature=sink`,
        expiresIn: 300,
        method: "PUT",
        headers: { "Content-Type": input.contentType },
      });
    }
    if (req.method === "POST" && url.pathname === "/v1/uploads/complete") {
      const file = files.get(input.fileId);
      if (!file || file.stored !== file.size) return json(409, { success: false, error: "size_mismatch", message: `stored ${file?.stored}` });
      files.delete(input.fileId);
      return json(200, { fileId: input.fileId, status: "uploaded", key: input.fileId, originalName: file.filename, contentType: file.contentType, size: file.size, publicUrl: null });
    }
    json(404, { success: false, error: "not_found", message: "sink: no such route" });
  });
});
server.listen(0, "127.0.0.1", () => console.log(`SINK_URL=http://127.0.0.1:${server.address().port}`));
for (const s of ["SIGTERM", "SIGINT"]) process.on(s, () => process.exit(0));
